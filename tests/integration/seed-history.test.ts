import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { scoreHistory } from '../../src/app/health-history';
import { recomputeHealth } from '../../src/app/health-recompute';
import { DEFAULT_DEMO, historyOffsets, seedDemo } from '../../src/app/seed';
import type { DB } from '../../src/db/schema';
import { addDays } from '../../src/domain/dates';
import { describeEachDatabase, truncateAll } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

// Seeding scores the demo's history in one pass (scoreHistory: usage read once, each day's
// window aggregated in JavaScript). It must store exactly what recomputeHealth, day by day with
// Postgres aggregating, stores for the same days: every snapshot's score, band, measures (the
// facts drivers are worded from) and onboarding flag.

const TODAY = '2026-11-23';

async function stored(db: DB) {
  const { rows } = await sql`
    select account_id, day, score, band, measures, drivers, onboarding from health_snapshots
    order by account_id, day`.execute(db);
  return rows;
}

async function staleCount(db: DB): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from accounts where health_stale`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Both ways on the same data: scoreHistory's snapshots, then recomputeHealth's per day. */
async function bothWays(ctx: AppContext, days: string[]) {
  await sql`update accounts set health_stale = true`.execute(ctx.db);
  const n = await scoreHistory(ctx, days);
  const oneShot = await stored(ctx.db);
  expect(await staleCount(ctx.db)).toBe(0);
  await sql`delete from health_snapshots`.execute(ctx.db);
  await sql`update accounts set health_stale = true`.execute(ctx.db);
  for (const day of days) await recomputeHealth(ctx, { day, backfillDays: 0 });
  const perDay = await stored(ctx.db);
  expect(await staleCount(ctx.db)).toBe(0);
  return { n, oneShot, perDay };
}

describeEachDatabase('scoring the seed history in one pass', (get) => {
  it('stores the same snapshots as recomputing the demo day by day', async () => {
    const ctx = testContext(get(), `${TODAY}T15:00:00Z`);
    await seedDemo(ctx, { ...DEFAULT_DEMO, historyDays: 0 });
    const days = historyOffsets(84).map((offset) => addDays(TODAY, -offset));
    const { n, oneShot, perDay } = await bothWays(ctx, days);
    expect(n).toBe(DEFAULT_DEMO.accounts * days.length);
    expect(oneShot.length).toBe(n);
    expect(oneShot).toEqual(perDay);
  }, 300_000);

  it('agrees on the edges: null seats and features, gaps, no logins, no usage, inactive', async () => {
    await truncateAll(get());
    const ctx = testContext(get(), `${TODAY}T15:00:00Z`);
    const db = ctx.db;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await insertAccount(db, { external_id: `edge-${i}`, name: `Edge ${i}` }));
    }
    await sql`update accounts set status = 'churned' where id = ${ids[6]}`.execute(db);
    const rows: unknown[][] = [];
    const day = (n: number) => addDays(TODAY, -n);
    for (let n = 0; n < 120; n++) {
      // 0: every day, seats null in the last week, features null every third day.
      rows.push([ids[0], day(n), 10 + (n % 7), n < 7 ? null : 40, n % 3, n % 3 ? 4 : null, 10]);
      // 1: only old usage (nothing in the last 30 days of the earliest scored day).
      if (n > 100) rows.push([ids[1], day(n), 3, 5, 1, 1, 8]);
      // 2: recent usage only, never a login.
      if (n < 20) rows.push([ids[2], day(n), 0, 12, 0, null, null]);
      // 3: every other week.
      if (Math.floor(n / 7) % 2 === 0) rows.push([ids[3], day(n), n, 100 - (n % 50), 2, 7, 9]);
      // 6: inactive, never scored.
      rows.push([ids[6], day(n), 5, 5, 5, 5, 5]);
    }
    // 4 and 5: no usage at all. 5 has an open urgent ticket and survey answers.
    for (const r of rows) {
      await sql`insert into usage_daily (account_id, day, active_users, seats, logins,
        core_features_used, core_features_total)
        values (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]})`.execute(db);
    }
    // Tickets opened late on a scored day, closed (but not marked closed) exactly at the end
    // of one, closed for good; answers on both sides of the NPS window's edge (180 days).
    const at = (n: number, time: string) => `${day(n)}T${time}Z`;
    await sql`insert into tickets (external_id, account_id, priority, status, subject, opened_at, closed_at)
      values ('t-1', ${ids[5]}, 'urgent', 'open', 'Down', ${at(40, '10:00:00')}, null),
             ('t-2', ${ids[0]}, 'high', 'pending', 'Slow', ${at(3, '10:00:00')}, null),
             ('t-3', ${ids[3]}, 'urgent', 'open', 'Late', ${at(7, '23:30:00')}, null),
             ('t-4', ${ids[4]}, 'high', 'pending', 'Edge', ${at(40, '09:00:00')}, ${at(6, '00:00:00')}),
             ('t-5', ${ids[2]}, 'urgent', 'open', 'Today', ${at(0, '08:00:00')}, null),
             ('t-6', ${ids[2]}, 'urgent', 'closed', 'Done', ${at(50, '08:00:00')}, ${at(1, '08:00:00')})`.execute(
      db,
    );
    await sql`insert into survey_answers (external_id, account_id, kind, score, respondent, answered_on)
      values ('s-1', ${ids[5]}, 'nps', 3, 'ann', ${day(50)}), ('s-2', ${ids[5]}, 'csat', 4, null, ${day(10)}),
             ('s-3', ${ids[0]}, 'nps', 9, 'bo', ${day(2)}), ('s-4', ${ids[4]}, 'nps', 2, 'cy', ${day(180)}),
             ('s-5', ${ids[4]}, 'nps', 10, 'di', ${day(181)}), ('s-6', ${ids[3]}, 'nps', 0, 'ed', ${day(0)})`.execute(
      db,
    );
    const days = historyOffsets(84).map((offset) => day(offset));
    const { n, oneShot, perDay } = await bothWays(ctx, days);
    expect(n).toBe(6 * days.length);
    expect(oneShot.length).toBe(n);
    expect(oneShot).toEqual(perDay);
  }, 120_000);
});
