import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { SubscriptionKind } from '../db/tables/chat';
import {
  type DailyRange,
  DEFAULT_ROUTING,
  parseRoutingFilters,
  type Routing,
  type RoutingFilters,
  readRange,
} from '../domain/routing';
import { matchesFilters, parseFilters } from '../domain/subscription-filter';
import { allFollows, allRoutings } from '../store/routing';
import { pausedChannels, subscriptionsOfKind } from '../store/subscriptions';

export interface Target {
  platform: string;
  channelId: string;
  /** A person's direct message: their zone and hours, so an alert can wait while they are away. */
  person?: PersonTarget;
}

export interface PersonTarget {
  timeZone: string | null;
  work: DailyRange | null;
  quiet: DailyRange | null;
}

export interface TargetAccount {
  id: number;
  segment: string | null;
  tier: string | null;
  owner_email: string | null;
  arr: number | null;
  slack_channel: string | null;
  teams_channel: string | null;
}

/** `rule`: the alert's rule, for people who chose `rules=` (no rule: that filter is moot). */
export type TargetResolver = (account: TargetAccount, o?: { rule?: string }) => Target[];

interface Person {
  platform: string;
  userId: string;
  email: string | null;
  timeZone: string | null;
  routing: Routing;
}

/** The people of a `teams:` entry, by e-mail: everyone in any team the person is in. */
function teammates(teams: Record<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const members of Object.values(teams)) {
    const lower = members.map((m) => m.toLowerCase());
    for (const m of lower) out.set(m, new Set([...(out.get(m) ?? []), ...lower]));
  }
  return out;
}

function matchesRouting(
  account: TargetAccount,
  f: RoutingFilters,
  rule: string | undefined,
): boolean {
  if (!matchesFilters(account, f)) return false;
  if (rule !== undefined && f.rules && f.rules.length > 0 && !f.rules.includes(rule)) return false;
  return true;
}

/**
 * Where news about an account goes, loaded once per job so thousands of accounts cost a few
 * queries, not thousands:
 * - its own channel(s), unless its owner chose alerts by DM only (`cs alerts dm`);
 * - every channel subscribed to this kind whose filters match;
 * - every channel and person following the account (`cs follow`);
 * - people by DM (Slack, and Teams where the bot has the person's personal chat): for alerts,
 *   everyone whose routing (`cs alerts`) takes the account in (scope mine | team | all, filters)
 *   unless they chose channels only; people who chose nothing get their own accounts' alerts.
 *   For renewals, the owner.
 * A person and a channel reached two ways get one post.
 */
export async function targetResolver(
  db: Db,
  kind: SubscriptionKind,
  now: Date,
  teams: Record<string, string[]> = {},
): Promise<TargetResolver> {
  // A paused channel gets nothing until it resumes.
  const active = (await subscriptionsOfKind(db, kind)).filter(
    (s) => !s.paused_until || s.paused_until <= now,
  );
  const subs = active.map((s) => ({ ...s, parsed: parseFilters(s.filters) }));
  // `/cs pause` pauses the channel, so what it follows waits too (its own channel does not:
  // that is the account's home, not a subscription).
  const paused = await pausedChannels(db, now);
  // Teams DMs need the person's personal chat with the bot (stored when they installed the app
  // or wrote to it): without it there is nowhere to send.
  const { rows: users } = await sql<{
    platform: string;
    user_id: string;
    email: string | null;
    tz: string | null;
  }>`
    select u.platform, u.user_id, lower(u.email) as email, u.tz
    from chat_users u
    where u.platform = 'slack' or (u.platform = 'teams' and exists (
      select 1 from teams_conversations c
      where c.kind = 'personal' and c.removed_at is null and c.user_id = u.user_id))
    order by u.fetched_at desc`.execute(db);
  const reachable = new Map(users.map((u) => [`${u.platform}:${u.user_id}`, u]));
  const routed = new Map<string, Person>();
  const routedEmails = new Set<string>();
  for (const r of await allRoutings(db)) {
    const email = r.email?.toLowerCase() ?? null;
    if (email) routedEmails.add(email);
    const key = `${r.platform}:${r.user_id}`;
    routed.set(key, {
      platform: r.platform,
      userId: r.user_id,
      email,
      timeZone: reachable.get(key)?.tz ?? null,
      routing: {
        delivery: r.delivery,
        scope: r.scope,
        filters: parseRoutingFilters(r.filters),
        work: readRange(r.work_hours),
        quiet: readRange(r.quiet_hours),
      },
    });
  }
  // People who chose nothing: their own accounts' alerts by DM on every platform Tend knows them.
  const byEmail = new Map<string, Person[]>();
  const seenPerson = new Set<string>();
  for (const u of users) {
    const key = `${u.platform}:${u.user_id}`;
    if (!u.email || routedEmails.has(u.email) || seenPerson.has(`${u.platform}:${u.email}`)) {
      continue;
    }
    seenPerson.add(`${u.platform}:${u.email}`);
    byEmail.set(u.email, [
      ...(byEmail.get(u.email) ?? []),
      {
        platform: u.platform,
        userId: u.user_id,
        email: u.email,
        timeZone: u.tz,
        routing: routed.get(key)?.routing ?? DEFAULT_ROUTING,
      },
    ]);
  }
  // The owner's choice for their accounts' own channel: the latest routing row of that e-mail.
  const dmOnly = new Set<string>();
  for (const p of routed.values()) {
    if (p.email && p.routing.delivery === 'dm') dmOnly.add(p.email);
  }
  const team = teammates(teams);
  const follows = new Map<number, { platform: string; targetId: string; person: boolean }[]>();
  for (const f of await allFollows(db)) {
    follows.set(f.account_id, [
      ...(follows.get(f.account_id) ?? []),
      { platform: f.platform, targetId: f.target_id, person: f.target_kind === 'person' },
    ]);
  }
  const personTarget = (p: { platform: string; userId: string }): Target => {
    const known = routed.get(`${p.platform}:${p.userId}`);
    const tz = known?.timeZone ?? reachable.get(`${p.platform}:${p.userId}`)?.tz ?? null;
    const routing = known?.routing ?? DEFAULT_ROUTING;
    return {
      platform: p.platform,
      channelId: p.userId,
      person: { timeZone: tz, work: routing.work, quiet: routing.quiet },
    };
  };
  const routedPeople = [...routed.values()].filter(
    (p) => p.routing.delivery !== 'channel' && reachable.has(`${p.platform}:${p.userId}`),
  );

  return (account, o = {}) => {
    const out = new Map<string, Target>();
    const add = (t: Target) => {
      const key = `${t.platform}:${t.channelId}`;
      if (!out.has(key)) out.set(key, t);
    };
    const owner = account.owner_email?.toLowerCase() ?? null;
    const ownChannels = kind !== 'alerts' || !owner || !dmOnly.has(owner);
    if (ownChannels && account.slack_channel) {
      add({ platform: 'slack', channelId: account.slack_channel });
    }
    if (ownChannels && account.teams_channel) {
      add({ platform: 'teams', channelId: account.teams_channel });
    }
    for (const s of subs) {
      if (matchesFilters(account, s.parsed)) add({ platform: s.platform, channelId: s.channel_id });
    }
    for (const f of follows.get(account.id) ?? []) {
      if (!f.person && paused.has(`${f.platform}:${f.targetId}`)) continue;
      add(
        f.person
          ? personTarget({ platform: f.platform, userId: f.targetId })
          : { platform: f.platform, channelId: f.targetId },
      );
    }
    if (owner) for (const p of byEmail.get(owner) ?? []) add(personTarget(p));
    if (kind !== 'alerts') {
      // Renewals: the owner's DMs whatever their alert routing.
      if (owner) {
        for (const p of routed.values()) {
          if (p.email === owner && reachable.has(`${p.platform}:${p.userId}`)) add(personTarget(p));
        }
      }
      return [...out.values()];
    }
    for (const p of routedPeople) {
      const inScope =
        p.routing.scope === 'all' ||
        (owner !== null &&
          p.email !== null &&
          (owner === p.email || (p.routing.scope === 'team' && !!team.get(p.email)?.has(owner))));
      if (inScope && matchesRouting(account, p.routing.filters, o.rule)) add(personTarget(p));
    }
    return [...out.values()];
  };
}
