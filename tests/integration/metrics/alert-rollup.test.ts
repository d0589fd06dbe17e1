import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { applyAlertAction } from '../../../src/app/alert-actions';
import { purgeAccount } from '../../../src/app/purge-account';
import { teamMetrics } from '../../../src/app/team-metrics';
import { fixedClock } from '../../../src/clock';
import { reopenLead } from '../../../src/store/alerts';
import { pruneResolvedAlerts } from '../../../src/store/retention';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';
import {
  expectLikeRowByRow,
  expectRollupInStep,
  inZone,
  NOW,
  seedRandomHistory,
} from '../../helpers/metrics-random';
import { rowByRowMetrics } from '../../helpers/metrics-row-by-row';

// The whole team's alert figures come from alert_days, kept by triggers on alerts (migration
// T0430). Every way an alert's times change must move the rollup with it: acknowledging and
// resolving, a person's event arriving after a later one (first touch moves earlier), an event
// taken back (first touch moves later or goes), a re-open (its acknowledgement and resolution
// cleared), the retention prune, and purging an account (its alerts go, so must its counts).

const HOUR = 3_600_000;

describeEachDatabase('the alert rollup follows every change to alerts', (get) => {
  beforeAll(async () => {
    await seedRandomHistory(get().db);
  });

  it('stays in step and gives the row-by-row figures after each kind of change', async () => {
    const db = get().db;
    const base = testContext(get(), NOW);
    const person = { id: 'U0ANN', name: '@ann', platform: 'slack' };

    // Acknowledge or resolve open alerts, each at its own instant after it fired.
    const open = await sql<{ id: number; fired_at: Date }>`
      select id, fired_at from alerts where acknowledged_at is null and resolved_at is null
      order by id limit 16`.execute(db);
    expect(open.rows.length).toBe(16);
    for (const [k, a] of open.rows.entries()) {
      const at = new Date(Math.min(a.fired_at.getTime() + (k + 1) * 5 * HOUR, Date.parse(NOW)));
      const action = k % 2 === 0 ? { kind: 'ack' as const } : { kind: 'resolve' as const };
      await applyAlertAction({ ...base, clock: fixedClock(at) }, a.id, action, person, `rk-${k}`);
    }

    // People's events that arrive after later ones: first touch moves earlier (a few even
    // before the alert fired: a negative time).
    await sql`
      insert into alert_events (alert_id, action, actor, platform, at)
      select id, 'note', 'U0BOB', 'teams',
        case when id % 17 = 0 then fired_at - interval '10 minutes'
          else first_event_at - interval '90 minutes' end
      from alerts where first_event_at is not null and id % 5 = 0`.execute(db);
    // An event taken back: first touch moves to the next one, or goes.
    await sql`
      delete from alert_events where id in (
        select distinct on (alert_id) id from alert_events
        where platform <> 'tend' and alert_id % 7 = 0 order by alert_id, at)`.execute(db);

    // Re-opened: acknowledgement and resolution cleared; some acknowledged again later.
    const resolved = await sql<{ id: number }>`
      select id from alerts where status = 'resolved' and episode_of is null
        and resolved_at > ${NOW}::timestamptz - interval '60 days'
      order by id desc limit 10`.execute(db);
    expect(resolved.rows.length).toBe(10);
    for (const [k, r] of resolved.rows.entries()) {
      await reopenLead(db, r.id, null, NOW.slice(0, 10), new Date(NOW));
      if (k % 3 === 0) {
        await applyAlertAction(base, r.id, { kind: 'ack' }, person, `re-${k}`);
      }
    }

    // The retention prune, and two accounts purged.
    expect(
      await pruneResolvedAlerts(db, new Date(Date.parse(NOW) - 150 * 24 * HOUR)),
    ).toBeGreaterThan(0);
    const purged = await sql<{ external_id: string }>`
      select a.external_id from accounts a
      where (select count(*) from alerts al where al.account_id = a.id) >= 5
      order by a.id limit 2`.execute(db);
    expect(purged.rows.length).toBe(2);
    for (const a of purged.rows) await purgeAccount(base, a.external_id, 'test');

    await expectRollupInStep(db);
    for (const zone of ['UTC', 'America/New_York']) {
      expect(await expectLikeRowByRow(inZone(base, zone))).toBeGreaterThan(10);
    }
  });

  it('is what the whole team reads: a count changed in the rollup shows on /stats team', async () => {
    const db = get().db;
    const ctx = testContext(get(), NOW);
    const day = new Date(Date.parse(NOW) - 2 * 24 * HOUR).toISOString().slice(0, 10);
    await sql`
      insert into alert_days (day, measure, bucket, n) values (${day}::date, 'resolved', 0, 1)
      on conflict (day, measure, bucket) do update set n = alert_days.n + 1`.execute(db);
    const expected = await rowByRowMetrics(ctx, { kind: 'team' }, '7d');
    const actual = await teamMetrics(ctx, { kind: 'team' }, '7d');
    expect(actual.current.alerts.resolved).toBe(expected.current.alerts.resolved + 1);
    await sql`
      update alert_days set n = n - 1
      where day = ${day}::date and measure = 'resolved' and bucket = 0`.execute(db);
    await expectRollupInStep(db);
  });

  it('goes with the alerts when they are truncated', async () => {
    const db = get().db;
    await sql`truncate alerts cascade`.execute(db);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from alert_days`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(0);
  });
});
