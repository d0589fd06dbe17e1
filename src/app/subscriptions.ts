import { formatWhen } from '../cards/format';
import { type Card, type ListItem, rich } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { ChannelSubscription, Platform } from '../db/tables/chat';
import type { CsAction } from '../domain/parse/command';
import { nextDue } from '../domain/schedule';
import { creatorKey, mayManage } from '../domain/subscription-access';
import {
  METRICS_DEFAULT_WEEKDAY,
  mentionUserId,
  parseDuration,
  parseSubscribe,
  SUBSCRIBE_USAGE,
  WEEKDAY_NAMES,
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
import { refuse } from './roles';

const reply = (card: Card, visibility: ChatReply['visibility'] = 'ephemeral'): ChatReply => ({
  visibility,
  card,
});
const oops = (text: string) => reply(noticeCard('Channel subscriptions', text));

/**
 * A filter that matches no account today is usually a typo or a word from another CRM
 * (`tier=enterprise` where tiers are gold, silver, bronze): say so, and what is in use.
 */
async function reachNote(ctx: AppContext, filters: SubscriptionFilters): Promise<string> {
  if (Object.keys(filters).length === 0) return '';
  const reach = await filterReach(ctx.db, filters);
  if (reach.matching > 0) return '';
  const inUse = [
    filters.segment !== undefined && reach.segments.length > 0
      ? `segments: ${reach.segments.join(', ')}`
      : '',
    filters.tier !== undefined && reach.tiers.length > 0 ? `tiers: ${reach.tiers.join(', ')}` : '',
  ].filter(Boolean);
  return ` No account matches these filters today${inUse.length > 0 ? ` (${inUse.join('; ')})` : ''}.`;
}

/**
 * `owner=<@U123>` (a mention the platform resolved) → that chat user's e-mail; `owner=@jane`
 * (a handle typed as text) → the one account owner whose e-mail is jane@….
 */
async function resolveOwner(
  ctx: AppContext,
  platform: Platform,
  mention: string,
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
        problem: `${mention} could be ${owners.join(' or ')}: use owner= with the e-mail.`,
      };
    }
  }
  return { problem: `I can't tell the e-mail of ${mention}: use owner=name@company.com.` };
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

function describe(ctx: AppContext, s: ChannelSubscription): string {
  const what = describeFilters(parseFilters(s.filters));
  if (!scheduled(s.kind)) return `#${s.id} ${s.kind} · ${what}`;
  const day = s.weekday === null ? undefined : WEEKDAY_NAMES[s.weekday];
  const days = day
    ? `weekly on ${day[0]?.toUpperCase()}${day.slice(1)}s`
    : s.weekdays_only
      ? 'weekdays'
      : 'daily';
  const paused =
    s.paused_until && s.paused_until > ctx.clock.now()
      ? ` · paused until ${formatWhen(s.paused_until, ctx.clock.now(), s.timezone, { zone: true })}`
      : '';
  return `#${s.id} ${s.kind} ${days} at ${s.at_time} ${s.timezone} · ${what}${paused}`;
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
): Promise<ChatReply> {
  const channel = request.channelId;
  if (!channel) return oops('Run /cs in the channel you want to subscribe or manage.');
  const now = ctx.clock.now();
  const platform = request.platform;
  switch (command.action) {
    case 'subscribe': {
      const parsed = parseSubscribe(command.args);
      if (!parsed.ok) return oops(parsed.message);
      const external = await externalChannelRefusal(ctx, request);
      if (external) return external;
      const args = parsed.value;
      const filters = { ...args.filters };
      if (args.ownerMention) {
        const owner = await resolveOwner(ctx, platform, args.ownerMention);
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
          noticeCard(
            'Already subscribed',
            `This channel already has that subscription: ${describe(ctx, sub)}. Nothing was added; /cs unsubscribe ${sub.id} first to change it.`,
          ),
        );
      }
      const next = scheduled(sub.kind)
        ? ` First ${sub.kind === 'metrics' ? 'metrics card' : 'digest'} ${formatWhen(nextDue(scheduleOf(sub), now), now, sub.timezone, { zone: true })}.`
        : '';
      return reply(
        noticeCard(
          'Subscribed',
          `This channel is subscribed: ${describe(ctx, sub)}.${next}${await reachNote(ctx, filters)}`,
        ),
        'in_channel',
      );
    }
    case 'subscriptions': {
      const subs = await subscriptionsOfChannel(ctx.db, platform, channel);
      const items: ListItem[] = subs.map((s) => ({ text: rich(describe(ctx, s)) }));
      return reply({
        title: 'Subscriptions of this channel',
        fallback: `${subs.length} subscriptions`,
        blocks: [
          {
            type: 'list',
            items,
            empty: `None yet. Try ${SUBSCRIBE_USAGE}.`,
          },
        ],
      });
    }
    case 'unsubscribe': {
      const id = Number(command.args.replace(/^#/, ''));
      if (!Number.isInteger(id) || id <= 0)
        return oops('Say which one: /cs unsubscribe <id> (see /cs subscriptions).');
      const target = (await subscriptionsOfChannel(ctx.db, platform, channel)).find(
        (s) => s.id === id,
      );
      if (target && !allowed(ctx, request, [target]))
        return refuse(ctx, request, '/cs unsubscribe', NOT_YOURS);
      const gone = target ? await deleteSubscription(ctx.db, id, platform, channel) : false;
      return gone
        ? reply(noticeCard('Unsubscribed', `Subscription #${id} is gone.`), 'in_channel')
        : oops(`This channel has no subscription #${id}.`);
    }
    case 'pause': {
      const d = parseDuration(command.args || '');
      if (!d.ok) return oops(d.message);
      const until = new Date(now.getTime() + d.value);
      if (!allowed(ctx, request, await subscriptionsOfChannel(ctx.db, platform, channel))) {
        return refuse(ctx, request, '/cs pause', NOT_YOURS);
      }
      const n = await pauseChannel(ctx.db, platform, channel, until);
      if (n === 0) return oops('This channel has no subscriptions to pause.');
      return reply(
        noticeCard(
          'Paused',
          // The zone is named: the channel's subscriptions may each have their own.
          `Digests and alerts here pause until ${formatWhen(until, now, ctx.config.settings.timezone, { zone: true })}. /cs resume ends it early, with one catch-up digest.`,
        ),
        'in_channel',
      );
    }
    case 'resume': {
      if (!allowed(ctx, request, await subscriptionsOfChannel(ctx.db, platform, channel))) {
        return refuse(ctx, request, '/cs resume', NOT_YOURS);
      }
      const n = await resumeChannel(ctx.db, platform, channel, now);
      if (n === 0) return oops('This channel has no subscriptions.');
      return reply(
        noticeCard('Resumed', 'Subscriptions here are back on; a catch-up digest follows shortly.'),
        'in_channel',
      );
    }
    default:
      return oops(`/cs ${command.action} is not a subscription command.`);
  }
}
