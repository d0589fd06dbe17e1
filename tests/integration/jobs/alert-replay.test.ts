import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import type { AppContext } from '../../../src/app/context';
import { recomputeHealth } from '../../../src/app/health-recompute';
import { seedDemo } from '../../../src/app/seed';
import type { DatabaseHandle } from '../../../src/db/database';
import { addDays } from '../../../src/domain/dates';
import { RULES } from '../../../src/domain/rules';
import { databaseKinds, freshDatabase } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { configWith } from '../../helpers/jobs-fixtures';

// The replay behind "how Tend keeps alerts calm": the demo data's last 12 weeks run through the
// rules day by day, once as Tend did before (a card per account and rule, no budget, no
// cooldown) and once as it does now (one card per episode, re-opened within a week, rule
// cooldowns, the hourly budget),
// counting the cards posted to the team's alerts channel per day. A simulated CSM resolves an
// alert once its condition is gone (an episode once all of its signals are), so conditions
// that come back fire again, as they would in a team that works its alerts.
//
// Run alone, it prints the figures: npx vitest run tests/integration/jobs/alert-replay.test.ts

const TODAY = '2026-11-23';
const DAYS = 84;
const CHANNEL = 'CCSALERTS';

interface Replay {
  postsPerDay: number[];
  replies: number;
  /** Accounts an alert fired for. */
  alerted: Set<number>;
  /** Accounts on a posted card: their own alert card, or a line of an "N more alerts" card. */
  carded: Set<number>;
}

async function replay(ctx: AppContext, days: string[]): Promise<Replay> {
  for (const table of ['outbox', 'outbox_channels', 'alert_events', 'alerts'] as const) {
    await ctx.db.deleteFrom(table).execute();
  }
  const clock = ctx.clock as ReturnType<typeof movableClock>;
  const grouped = ctx.config.settings.alerts.groupEpisodes;
  for (const day of days) {
    clock.set(`${day}T09:00:00Z`);
    await runRiskJob(ctx, { recompute: false });
    // The simulated CSM: what is no longer seen is resolved (an episode as a whole).
    const unseen = grouped
      ? sql`status <> 'resolved' and episode_of is null and last_seen_on < ${day}::date
          and not exists (select 1 from alerts m where m.episode_of = alerts.id
            and m.last_seen_on >= ${day}::date)`
      : sql`status <> 'resolved' and last_seen_on < ${day}::date`;
    await sql`
      with done as (
        update alerts set status = 'resolved', resolved_at = ${clock.now()}, resolved_by = 'csm'
        where ${unseen} returning id)
      update alerts set status = 'resolved', resolved_at = ${clock.now()}, resolved_by = 'csm'
      where episode_of in (select id from done) and status <> 'resolved'`.execute(ctx.db);
  }
  const { rows } = await sql<{ day: string; n: number }>`
    select to_char(ready_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
    from outbox where channel_id = ${CHANNEL} and payload->>'op' = 'post'
    group by 1`.execute(ctx.db);
  const byDay = new Map(rows.map((r) => [r.day, r.n]));
  const replies = await sql<{ n: number }>`
    select count(*)::int as n from outbox where payload->>'op' = 'reply'`.execute(ctx.db);
  const alerted = await ctx.db.selectFrom('alerts').select('account_id').distinct().execute();
  const own = await ctx.db
    .selectFrom('outbox')
    .select('account_id')
    .where('kind', '=', 'alert')
    .where('account_id', 'is not', null)
    .distinct()
    .execute();
  const summaries = await ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'alert-summary')
    .execute();
  const listed = new Set<number>();
  for (const s of summaries) {
    for (const m of JSON.stringify(s.payload).matchAll(/\\"accountId\\":(\d+)/g)) {
      listed.add(Number(m[1]));
    }
  }
  return {
    postsPerDay: days.map((d) => byDay.get(d) ?? 0),
    replies: replies.rows[0]?.n ?? 0,
    alerted: new Set(alerted.map((a) => a.account_id)),
    carded: new Set([...own.map((o) => o.account_id as number), ...listed]),
  };
}

const kind = databaseKinds().includes('postgres') ? 'postgres' : 'embedded';

it(`replays 12 weeks of demo signals: at least 60% fewer channel posts, every alerted account on a card [${kind}]`, {
  timeout: 900_000,
}, async () => {
  const handle: DatabaseHandle = await freshDatabase(kind);
  try {
    const clock = movableClock(`${TODAY}T09:00:00Z`);
    const base = jobsContext(handle.db, clock);
    await seedDemo(base, { accounts: 200, days: 180, seed: 42, historyDays: 0 });
    // Health for every replayed day and the week before it (score and band drops look back).
    const first = addDays(TODAY, -(DAYS - 1));
    for (let d = addDays(first, -8); d <= TODAY; d = addDays(d, 1)) {
      await recomputeHealth(base, { day: d, backfillDays: 0 });
    }
    await handle.db
      .insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: CHANNEL,
        kind: 'alerts',
        timezone: 'UTC',
        created_by: 'replay',
      })
      .execute();
    const days = Array.from({ length: DAYS }, (_, i) => addDays(first, i));

    const noCooldown = Object.fromEntries(RULES.map((r) => [r, { cooldownHours: 0 }]));
    const before = await replay(
      {
        ...base,
        config: configWith({
          rules: noCooldown,
          alerts: { groupEpisodes: false, maxPostsPerHour: 1000 },
        }),
      },
      days,
    );
    const calm = await replay({ ...base, config: configWith({}) }, days);

    const total = (r: Replay) => r.postsPerDay.reduce((a, b) => a + b, 0);
    const reduction = 1 - total(calm) / total(before);
    const peak = (r: Replay) => Math.max(...r.postsPerDay);
    console.log(
      [
        `alert replay: 200 demo accounts, ${DAYS} days, one team alerts channel (${kind})`,
        `  before: ${total(before)} channel posts (peak ${peak(before)}/day), ${before.alerted.size} accounts alerted`,
        `  calm:   ${total(calm)} channel posts (peak ${peak(calm)}/day), ${calm.replies} thread replies, ${calm.alerted.size} accounts alerted`,
        `  reduction: ${(reduction * 100).toFixed(1)}%`,
        `  before per day: ${before.postsPerDay.join(' ')}`,
        `  calm per day:   ${calm.postsPerDay.join(' ')}`,
      ].join('\n'),
    );
    expect(total(before)).toBeGreaterThan(0);
    expect(reduction).toBeGreaterThanOrEqual(0.6);
    // No account that needed attention is left without a card.
    for (const id of before.alerted) expect(calm.carded.has(id), `account ${id}`).toBe(true);
    for (const id of calm.alerted) expect(calm.carded.has(id), `account ${id}`).toBe(true);
  } finally {
    await handle.close();
  }
});
