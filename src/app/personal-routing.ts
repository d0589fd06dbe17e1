import { type MessageKey, t, tm } from '../cards/i18n/t';
import { type Card, rich } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import { ROUTING_FIELDS, type RoutingView, routingCard } from '../cards/routing-card';
import type { Platform } from '../db/tables/chat';
import type { Locale } from '../domain/locale';
import type { CsAction } from '../domain/parse/command';
import {
  ALERTS_USAGE,
  describeRouting,
  describeRoutingFilters,
  formatRange,
  HOURS_USAGE,
  parseAlertsChange,
  parseDailyRange,
  parseRoutingFilters,
  QUIET_USAGE,
  type Routing,
  type RoutingFilters,
  readRange,
} from '../domain/routing';
import { RULES } from '../domain/rules/model';
import {
  addFollow,
  deleteRouting,
  followsOf,
  getRouting,
  type RoutingPatch,
  removeFollow,
  saveRouting,
} from '../store/routing';
import { lookupAccount } from './account-lookup';
import type { ChatReply, ChatRequest } from './chat-reply';
import { zoneOf } from './chat-users';
import type { AppContext } from './context';
import { defaultLocale } from './languages';
import { userError } from './user-error';

const reply = (card: Card): ChatReply => ({ visibility: 'ephemeral', card });
const sayIn = (locale: Locale) => (title: string, text: string) =>
  reply(noticeCard(title, text, locale));

/** Who the settings belong to: the chat user, with the e-mail that names their accounts. */
export interface RoutingOwner {
  platform: Platform;
  id: string;
  email: string | null;
  timeZone?: string | null;
  /** The person's language, for the settings card and form. */
  locale?: Locale | null;
}

function routingOf(row: Awaited<ReturnType<typeof getRouting>>): Routing {
  return {
    delivery: row?.delivery ?? 'both',
    scope: row?.scope ?? 'mine',
    filters: parseRoutingFilters(row?.filters),
    work: readRange(row?.work_hours ?? null),
    quiet: readRange(row?.quiet_hours ?? null),
  };
}

/** The filters as they are typed (`segment=… min_arr=…`), for the card and the form. */
const filtersText = (f: RoutingFilters) => describeRoutingFilters(f).replace(/^ \(|\)$/g, '');

/** The person's settings and follows, for App Home, the Teams settings card and the form. */
export async function routingView(ctx: AppContext, who: RoutingOwner): Promise<RoutingView> {
  const [row, follows] = await Promise.all([
    getRouting(ctx.db, who.platform, who.id),
    followsOf(ctx.db, who.platform, who.id),
  ]);
  const r = routingOf(row);
  return {
    delivery: r.delivery,
    scope: r.scope,
    filters: filtersText(r.filters),
    hours: r.work ? formatRange(r.work) : null,
    quiet: r.quiet ? formatRange(r.quiet) : null,
    timeZone: zoneOf(ctx, who),
    zoneIsOwn: !!who.timeZone,
    follows: follows.map((f) => ({ accountId: f.account_id, name: f.account_name })),
  };
}

export async function settingsCard(ctx: AppContext, who: RoutingOwner): Promise<Card> {
  return routingCard(await routingView(ctx, who), who.locale ?? defaultLocale(ctx));
}

/** What the form sent, field by field; problems are per field so a form can show them. */
export type FormResult = { ok: true; card: Card } | { ok: false; errors: Record<string, string> };

/**
 * The settings form's Save (Slack modal, Teams form): every field at once, checked as the
 * commands check them; nothing is stored unless all are good.
 */
export async function saveRoutingForm(
  ctx: AppContext,
  who: RoutingOwner,
  values: Record<string, string | null | undefined>,
): Promise<FormResult> {
  const errors: Record<string, string> = {};
  const l = who.locale ?? defaultLocale(ctx);
  const delivery = values[ROUTING_FIELDS.delivery];
  const scope = values[ROUTING_FIELDS.scope];
  if (delivery !== 'dm' && delivery !== 'channel' && delivery !== 'both') {
    errors[ROUTING_FIELDS.delivery] = t(l, 'problem.routingDelivery');
  }
  if (scope !== 'mine' && scope !== 'team' && scope !== 'all') {
    errors[ROUTING_FIELDS.scope] = t(l, 'problem.routingScope');
  }
  const filters = parseAlertsChange(values[ROUTING_FIELDS.filters] ?? '', RULES);
  if (!filters.ok) errors[ROUTING_FIELDS.filters] = tm(l, filters.message);
  else if (filters.value.delivery || filters.value.scope || filters.value.reset) {
    errors[ROUTING_FIELDS.filters] = t(l, 'problem.routingFiltersOnly');
  }
  const range = (field: string) => {
    const text = (values[field] ?? '').trim();
    const parsed = parseDailyRange(text === '' ? 'off' : text);
    if (!parsed.ok) errors[field] = tm(l, parsed.message);
    return parsed.ok && parsed.value ? formatRange(parsed.value) : null;
  };
  const workHours = range(ROUTING_FIELDS.hours);
  const quietHours = range(ROUTING_FIELDS.quiet);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await saveRouting(
    ctx.db,
    { platform: who.platform, userId: who.id, email: who.email },
    {
      delivery: delivery as Routing['delivery'],
      scope: scope as Routing['scope'],
      filters: filters.ok ? (filters.value.filters ?? {}) : {},
      workHours,
      quietHours,
    },
    ctx.clock.now(),
  );
  return { ok: true, card: await settingsCard(ctx, who) };
}

/**
 * The personal /cs commands, the same on Slack and Teams: `alerts`, `hours`, `quiet` (the
 * person's routing), `follow`, `unfollow`, `following` (the person in a DM, else the channel),
 * `settings` (the card with its Change button).
 */
export async function runPersonalCommand(
  ctx: AppContext,
  request: ChatRequest,
  command: { action: CsAction; args: string },
  locale: Locale = request.locale ?? defaultLocale(ctx),
): Promise<ChatReply> {
  const who: RoutingOwner = {
    platform: request.platform,
    ...request.user,
    locale: request.locale ?? locale,
  };
  switch (command.action) {
    case 'settings':
      return reply(await settingsCard(ctx, who));
    case 'alerts':
      return alerts(ctx, who, command.args, locale);
    case 'hours':
    case 'quiet':
      return hours(ctx, who, command.action, command.args, locale);
    case 'follow':
    case 'unfollow':
    case 'following':
      return follow(ctx, request, command.action, command.args, locale);
    default:
      throw userError('unknown_action', 'routing.notPersonal', { action: command.action });
  }
}

async function alerts(
  ctx: AppContext,
  who: RoutingOwner,
  args: string,
  locale: Locale,
): Promise<ChatReply> {
  const say = sayIn(locale);
  const title = t(locale, 'routing.cmd.alertsTitle');
  if (args.trim() === '') return reply(await settingsCard(ctx, who));
  const change = parseAlertsChange(args, RULES);
  if (!change.ok) return say(title, tm(locale, change.message));
  if (change.value.reset) {
    await deleteRouting(ctx.db, who.platform, who.id);
    return say(
      title,
      t(locale, 'routing.cmd.reset', {
        routing: describeRouting(routingOf(undefined))
          .map((m) => tm(locale, m))
          .join('. '),
      }),
    );
  }
  if (!who.email && (change.value.scope ?? 'mine') !== 'all') {
    return say(title, t(locale, 'routing.cmd.noEmail'));
  }
  const patch: RoutingPatch = {
    ...(change.value.delivery ? { delivery: change.value.delivery } : {}),
    ...(change.value.scope ? { scope: change.value.scope } : {}),
    ...(change.value.filters ? { filters: change.value.filters } : {}),
  };
  const row = await saveRouting(
    ctx.db,
    { platform: who.platform, userId: who.id, email: who.email },
    patch,
    ctx.clock.now(),
  );
  const r = routingOf(row);
  const teamNote =
    r.scope === 'team' && !inAnyTeam(ctx, who.email) ? t(locale, 'routing.cmd.noTeam') : '';
  return say(
    title,
    t(locale, 'routing.cmd.saved', {
      routing: describeRouting(r)
        .map((m) => tm(locale, m))
        .join('. '),
      teamNote,
      usage: ALERTS_USAGE,
    }),
  );
}

function inAnyTeam(ctx: AppContext, email: string | null): boolean {
  if (!email) return false;
  return Object.values(ctx.config.settings.teams).some((members) =>
    members.some((m) => m.toLowerCase() === email.toLowerCase()),
  );
}

async function hours(
  ctx: AppContext,
  who: RoutingOwner,
  which: 'hours' | 'quiet',
  args: string,
  locale: Locale,
): Promise<ChatReply> {
  const say = sayIn(locale);
  const title = t(locale, which === 'hours' ? 'routing.cmd.hoursTitle' : 'routing.cmd.quietTitle');
  const usage = which === 'hours' ? HOURS_USAGE : QUIET_USAGE;
  if (args.trim() === '') {
    const r = routingOf(await getRouting(ctx.db, who.platform, who.id));
    const range = which === 'hours' ? r.work : r.quiet;
    return say(
      title,
      t(locale, 'routing.cmd.hoursShown', {
        range: range ? formatRange(range) : 'none',
        zone: zoneOf(ctx, who),
        usage,
      }),
    );
  }
  const parsed = parseDailyRange(args);
  if (!parsed.ok)
    return say(
      title,
      t(locale, 'routing.cmd.tryUsage', { problem: tm(locale, parsed.message), usage }),
    );
  const value = parsed.value ? formatRange(parsed.value) : null;
  await saveRouting(
    ctx.db,
    { platform: who.platform, userId: who.id, email: who.email },
    which === 'hours' ? { workHours: value } : { quietHours: value },
    ctx.clock.now(),
  );
  const zone = zoneOf(ctx, who);
  const text = value
    ? t(locale, 'routing.cmd.hoursSet', {
        title,
        value,
        zone,
        own: who.timeZone ? 'yes' : 'no',
        which,
      })
    : t(locale, 'routing.cmd.hoursOff', { title });
  return say(title, text);
}

async function follow(
  ctx: AppContext,
  request: ChatRequest,
  action: 'follow' | 'unfollow' | 'following',
  args: string,
  locale: Locale,
): Promise<ChatReply> {
  const say = sayIn(locale);
  const tr = (key: MessageKey, p: Record<string, string | number> = {}) => t(locale, key, p);
  // In a DM the person follows (their DMs, keyed by user id as owner DMs are, so an owner who
  // follows their own account gets one post); in a channel, the channel does.
  const person = request.direct === true || request.channelId === null;
  const targetId = person ? request.user.id : (request.channelId as string);
  const target = person ? 'you' : 'channel';
  if (action === 'following') {
    const list = await followsOf(ctx.db, request.platform, targetId);
    if (list.length === 0) {
      return say(tr('routing.cmd.followingTitle'), tr('routing.cmd.followsNone', { target }));
    }
    return reply({
      title: tr('routing.cmd.followingTitle'),
      fallback: list.map((f) => f.account_name).join(', '),
      blocks: [
        {
          type: 'list',
          title: tr('routing.cmd.followsCount', { target, n: list.length }),
          items: list.map((f) => ({ text: rich(f.account_name) })),
        },
      ],
      locale,
    });
  }
  const followTitle = tr('routing.cmd.followTitle');
  if (args.trim() === '') return say(followTitle, tr('routing.cmd.whichAccount', { action }));
  const found = await lookupAccount(ctx, args.trim());
  if (found.kind !== 'found') {
    return say(followTitle, tr('routing.cmd.unknownAccount', { query: args.trim() }));
  }
  const account = found.account;
  if (action === 'unfollow') {
    const removed = await removeFollow(ctx.db, request.platform, targetId, account.id);
    return say(
      tr('routing.cmd.unfollowTitle'),
      removed
        ? tr('routing.cmd.unfollowed', { target, name: account.name })
        : tr('routing.cmd.notFollowed', { name: account.name }),
    );
  }
  const added = await addFollow(
    ctx.db,
    {
      platform: request.platform,
      targetId,
      targetKind: person ? 'person' : 'channel',
      accountId: account.id,
      createdBy: request.user.email ?? `${request.platform}:${request.user.id}`,
    },
    ctx.clock.now(),
  );
  return say(
    followTitle,
    added
      ? tr('routing.cmd.followed', { target, name: account.name })
      : tr('routing.cmd.alreadyFollowed', { name: account.name }),
  );
}
