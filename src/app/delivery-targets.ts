import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { SubscriptionKind } from '../db/tables/chat';
import { matchesFilters, parseFilters } from '../domain/subscription-filter';
import { subscriptionsOfKind } from '../store/subscriptions';

export interface Target {
  platform: string;
  channelId: string;
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

export type TargetResolver = (account: TargetAccount) => Target[];

/**
 * Where news about an account goes: its own channel(s), every channel subscribed to this kind
 * whose filters match, and its owner directly (when the owner's chat user is known). Loaded
 * once per job so thousands of accounts cost three queries, not thousands.
 */
export async function targetResolver(
  db: Db,
  kind: SubscriptionKind,
  now: Date,
): Promise<TargetResolver> {
  // A paused channel gets nothing until it resumes.
  const active = (await subscriptionsOfKind(db, kind)).filter(
    (s) => !s.paused_until || s.paused_until <= now,
  );
  const subs = active.map((s) => ({
    ...s,
    parsed: parseFilters(s.filters),
  }));
  const { rows: users } = await sql<{ platform: string; user_id: string; email: string }>`
    select distinct on (lower(email), platform) platform, user_id, lower(email) as email
    from chat_users where email is not null and platform = 'slack'
    order by lower(email), platform, fetched_at desc`.execute(db);
  const byEmail = new Map<string, Target[]>();
  for (const u of users) {
    byEmail.set(u.email, [
      ...(byEmail.get(u.email) ?? []),
      { platform: u.platform, channelId: u.user_id },
    ]);
  }
  return (account) => {
    const out = new Map<string, Target>();
    const add = (t: Target) => out.set(`${t.platform}:${t.channelId}`, t);
    if (account.slack_channel) add({ platform: 'slack', channelId: account.slack_channel });
    if (account.teams_channel) add({ platform: 'teams', channelId: account.teams_channel });
    for (const s of subs) {
      if (matchesFilters(account, s.parsed)) add({ platform: s.platform, channelId: s.channel_id });
    }
    if (account.owner_email) {
      for (const t of byEmail.get(account.owner_email.toLowerCase()) ?? []) add(t);
    }
    return [...out.values()];
  };
}
