import { formatWhen } from '../cards/format';
import { type MessageKey, t, tm } from '../cards/i18n/t';
import { type Card, type ListItem, rich } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { ChannelSubscription, Platform } from '../db/tables/chat';
import type { Locale } from '../domain/locale';
import type { CsAction } from '../domain/parse/command';
import { nextDue } from '../domain/schedule';
import { creatorKey, mayManage } from '../domain/subscription-access';
import {
  METRICS_DEFAULT_WEEKDAY,
  mentionUserId,
  parseDuration,
  parseSubscribe,
  SUBSCRIBE_USAGE,
} from '../domain/subscription-command';
import {
  describeFilters,
  parseFilters,
  type SubscriptionFilters,
} from '../domain/subscription-filter';
import { filterReach, ownersByHandle } from '../store/accounts';
import { getChatUser } from '../store/chat-users';
import {
  createSubscription,
  deleteSubscription,
  lockChannelSubscriptions,
  pauseChannel,
  resumeChannel,
  sameSubscription,
  subscriptionsOfChannel,
} from '../store/subscriptions';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { externalChannelRefusal } from './external-channels';
import { channelLocale } from './languages';
import { refuse } from './roles';

const reply = (card: Card, visibility: ChatReply['visibility'] = 'ephemeral'): ChatReply => ({
  visibility,
  card,
});

/**
 * A filter that matches no account today is usually a typo or a word from another CRM
 * (`tier=enterprise` where tiers are gold, silver, bronze): say so, and what is in use.
 */
async function reachNote(
  ctx: AppContext,
  filters: SubscriptionFilters,
  locale: Locale,
): Promise<string> {
  if (Object.keys(filters).length === 0) return '';
  const reach = await filterReach(ctx.db, filters);
  if (reach.matching > 0) return '';
  const inUse = [
    filters.segment !== undefined && reach.segments.length > 0
      ? t(locale, 'subs.segmentsInUse', { list: reach.segments.join(', ') })
      : '',
    filters.tier !== undefined && reach.tiers.length > 0
      ? t(locale, 'subs.tiersInUse', { list: reach.tiers.join(', ') })
      : '',
  ].filter(Boolean);
  return t(locale, 'subs.noMatch', { inUse: inUse.length > 0 ? inUse.join('; ') : 'none' });
}

/**
 * `owner=<@U123>` (a mention the platform resolved) → that chat user's e-mail; `owner=@jane`
 * (a handle typed as text) → the one account owner whose e-mail is jane@….
 */
async function resolveOwner(
  ctx: AppContext,
  platform: Platform,
  mention: string,
  locale: Locale,
): Promise<{ email: string } | { problem: string }> {
  const id = mentionUserId(mention);
  if (id) {
    const user = await getChatUser(ctx.db, platform, id);
    if (user?.email) return { email: user.email.toLowerCase() };
  } else {
    const handle = mention.replace(/^@/, '');
    const owners = handle ? await ownersByHandle(ctx.db, handle) : [];
    if (owners.length === 1) return { email: owners[0] as string };
    if (owners.length > 1) {
      return {
        problem: t(locale, 'subs.ownerAmbiguous', { mention, names: owners.join(', ') }),
      };
    }
  }
  return { problem: t(locale, 'subs.ownerUnknown', { mention }) };
}
const NOT_YOURS = { key: 'refuse.notYours' } as const;

/** True when the requester may change all of these subscriptions (see mayManage). */
function allowed(ctx: AppContext, request: ChatRequest, subs: ChannelSubscription[]): boolean {
  const requester = {
    key: creatorKey(request.platform, request.user),
    email: request.user.email,
    aliases: [`${request.platform}:${request.user.id}`],
  };
  return mayManage(
    ctx.config.settings.admins,
    requester,
    subs.map((s) => s.created_by),
  );
}

/** Whether a kind is posted on a schedule (the rest follow events). */
const scheduled = (kind: ChannelSubscription['kind']) => kind === 'digest' || kind === 'metrics';

const scheduleOf = (s: ChannelSubscription) => ({
  at: s.at_time,
  timeZone: s.timezone,
  weekdaysOnly: s.weekdays_only,
  weekday: s.weekday,
});

/**
 * One subscription in a line: `#3 digest weekdays at 08:00 Europe/Berlin · segment=smb`. The
 * kind and the filters stay as typed (they are what /cs subscribe takes); the rest is words.
 */
function describe(ctx: AppContext, s: ChannelSubscription, locale: Locale): string {
  const typed = describeFilters(parseFilters(s.filters));
  const what = typed === describeFilters({}) ? t(locale, 'digest.allAccounts') : typed;
  if (!scheduled(s.kind)) return t(locale, 'subs.line', { id: s.id, kind: s.kind, what });
  const now = ctx.clock.now();
  const paused =
    s.paused_until && s.paused_until > now
      ? t(locale, 'subs.pausedUntil', {
          when: formatWhen(s.paused_until, now, s.timezone, { zone: true, locale }),
        })
      : '';
  return t(locale, 'subs.lineScheduled', {
    id: s.id,
    kind: s.kind,
    days: s.weekday !== null ? 'weekly' : s.weekdays_only ? 'weekdays' : 'daily',
    weekday: s.weekday ?? 0,
    at: s.at_time,
    zone: s.timezone,
    what,
    paused,
  });
}

/**
 * `/cs subscribe|subscriptions|unsubscribe|pause|resume` for the channel it is typed in, the
 * same on Slack and Teams. A new digest starts with the next slot (no catch-up of the past);
 * resume owes the channel one catch-up digest.
 */
export async function runSubscriptionsCommand(
  ctx: AppContext,
  request: ChatRequest,
  command: { action: CsAction; args: string },
  locale: Locale = 'en',
): Promise<ChatReply> {
  const oops = (text: string) => reply(noticeCard(t(locale, 'subs.title'), text, locale));
  const channel = request.channelId;
  if (!channel) return oops(t(locale, 'subs.noChannel'));
  // What the whole channel sees is in its language; what only the asker sees, in theirs.
  const posted = await channelLocale(ctx, request.platform, channel);
  const notice = (title: MessageKey, text: (l: Locale) => string, l = locale) =>
    noticeCard(t(l, title), text(l), l);
  const now = ctx.clock.now();
  const platform = request.platform;
  switch (command.action) {
    case 'subscribe': {
      const parsed = parseSubscribe(command.args);
      if (!parsed.ok) return oops(tm(locale, parsed.message));
      const external = await externalChannelRefusal(ctx, request, locale);
      if (external) return external;
      const args = parsed.value;
      const filters = { ...args.filters };
      if (args.ownerMention) {
        const owner = await resolveOwner(ctx, platform, args.ownerMention, locale);
        if ('problem' in owner) return oops(owner.problem);
        filters.owner = owner.email;
      }
      const settings = ctx.config.settings;
      const wanted = {
        platform,
        channelId: channel,
        kind: args.kind,
        filters,
        atTime: args.at ?? settings.digest.at,
        timeZone: args.timeZone ?? settings.timezone,
        weekdaysOnly: args.weekdaysOnly ?? settings.digest.weekdaysOnly,
        weekday:
          args.weekday !== undefined
            ? args.weekday
            : args.kind === 'metrics'
              ? METRICS_DEFAULT_WEEKDAY
              : null,
        createdBy: creatorKey(platform, request.user),
      };
      // One subscription per channel, kind and filters: a replayed or repeated /cs subscribe
      // finds the first one. Check-then-insert under a per-channel advisory lock, so two at
      // once cannot both miss it (no unique index to lean on yet: filters are jsonb).
      const { sub, existed } = await ctx.db.transaction().execute(async (trx) => {
        await lockChannelSubscriptions(trx, platform, channel);
        const found = await sameSubscription(trx, wanted);
        if (found) return { sub: found, existed: true };
        return { sub: await createSubscription(trx, wanted, now), existed: false };
      });
      if (existed) {
        return reply(
          notice('subs.alreadyTitle', (l) =>
            t(l, 'subs.already', { sub: describe(ctx, sub, l), id: sub.id }),
          ),
        );
      }
      const next = (l: Locale) =>
        scheduled(sub.kind)
          ? t(l, 'subs.first', {
              kind: sub.kind,
              when: formatWhen(nextDue(scheduleOf(sub), now), now, sub.timezone, {
                zone: true,
                locale: l,
              }),
            })
          : '';
      const reach = await reachNote(ctx, filters, posted);
      return reply(
        notice(
          'subs.subscribedTitle',
          (l) => t(l, 'subs.subscribed', { sub: describe(ctx, sub, l) }) + next(l) + reach,
          posted,
        ),
        'in_channel',
      );
    }
    case 'subscriptions': {
      const subs = await subscriptionsOfChannel(ctx.db, platform, channel);
      const items: ListItem[] = subs.map((s) => ({ text: rich(describe(ctx, s, locale)) }));
      return reply({
        title: t(locale, 'subs.listTitle'),
        fallback: t(locale, 'subs.listFallback', { n: subs.length }),
        blocks: [
          {
            type: 'list',
            items,
            empty: t(locale, 'subs.none', { usage: SUBSCRIBE_USAGE }),
          },
        ],
        locale,
      });
    }
    case 'unsubscribe': {
      const id = Number(command.args.replace(/^#/, ''));
      if (!Number.isInteger(id) || id <= 0) return oops(t(locale, 'subs.whichOne'));
      const target = (await subscriptionsOfChannel(ctx.db, platform, channel)).find(
        (s) => s.id === id,
      );
      if (target && !allowed(ctx, request, [target]))
        return refuse(ctx, request, '/cs unsubscribe', NOT_YOURS);
      const gone = target ? await deleteSubscription(ctx.db, id, platform, channel) : false;
      return gone
        ? reply(
            notice('subs.unsubscribedTitle', (l) => t(l, 'subs.unsubscribed', { id }), posted),
            'in_channel',
          )
        : oops(t(locale, 'subs.noSuch', { id }));
    }
    case 'pause': {
      const d = parseDuration(command.args || '');
      if (!d.ok) return oops(tm(locale, d.message));
      const until = new Date(now.getTime() + d.value);
      if (!allowed(ctx, request, await subscriptionsOfChannel(ctx.db, platform, channel))) {
        return refuse(ctx, request, '/cs pause', NOT_YOURS);
      }
      const n = await pauseChannel(ctx.db, platform, channel, until);
      if (n === 0) return oops(t(locale, 'subs.nothingToPause'));
      return reply(
        notice(
          'subs.pausedTitle',
          // The zone is named: the channel's subscriptions may each have their own.
          (l) =>
            t(l, 'subs.paused', {
              when: formatWhen(until, now, ctx.config.settings.timezone, { zone: true, locale: l }),
            }),
          posted,
        ),
        'in_channel',
      );
    }
    case 'resume': {
      if (!allowed(ctx, request, await subscriptionsOfChannel(ctx.db, platform, channel))) {
        return refuse(ctx, request, '/cs resume', NOT_YOURS);
      }
      const n = await resumeChannel(ctx.db, platform, channel, now);
      if (n === 0) return oops(t(locale, 'subs.noneHere'));
      return reply(
        notice('subs.resumedTitle', (l) => t(l, 'subs.resumed'), posted),
        'in_channel',
      );
    }
    default:
      return oops(t(locale, 'subs.notACommand', { action: command.action }));
  }
}
