import { beforeEach, expect, it } from 'vitest';
import { runEscalateJob } from '../../../src/app/alert-escalation';
import { runRiskJob } from '../../../src/app/alerts';
import { runRenewalJob } from '../../../src/app/renewal-reminders';
import { jobsCommand } from '../../../src/cli/jobs';
import { allJobs } from '../../../src/jobs/definitions';
import { runJobByHand, runJobNow } from '../../../src/jobs/run-by-hand';
import { createScheduler } from '../../../src/jobs/scheduler';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio, withSettings } from '../../helpers/jobs-fixtures';

const TODAY = '2026-11-23';
const AT = '2026-11-23T10:00:00Z';

describeEachDatabase('scheduled jobs', (get) => {
  beforeEach(async () => {
    await truncateAll(get());
  });

  const outbox = () =>
    get().db.selectFrom('outbox').select(['dedupe_key', 'channel_id']).orderBy('id').execute();

  it('risk: fires one alert per (account, rule), enqueues its card, and is quiet the next hour', async () => {
    const clock = movableClock(AT);
    const ctx = jobsContext(get().db, clock);
    const { acme } = await seedPortfolio(get().db, TODAY);
    const first = await runRiskJob(ctx);
    expect(first).toMatchObject({ day: TODAY, accounts: 3, fired: 1 });
    const alert = await get().db.selectFrom('alerts').selectAll().executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ account_id: acme, rule: 'inactivity', status: 'open' });
    expect((await outbox()).map((r) => r.channel_id)).toEqual(['CACME']);
    clock.advance(3_600_000);
    expect(await runRiskJob(ctx)).toMatchObject({ fired: 0, continuing: 1 });
    expect(await outbox()).toHaveLength(1);
  });

  it('risk: a resolved alert fires again only once its condition went away and came back', async () => {
    const clock = movableClock(AT);
    // No cooldown here: this is about the condition (the cooldown has its own test).
    const ctx = withSettings(jobsContext(get().db, clock), {
      rules: { inactivity: { cooldownHours: 0 } },
      // A new card, not the old one re-opened (re-opening has its own tests).
      alerts: { reopenWithinDays: 0 },
    });
    await seedPortfolio(get().db, TODAY);
    await runRiskJob(ctx);
    await get()
      .db.updateTable('alerts')
      .set({ status: 'resolved', resolved_at: clock.now() })
      .execute();
    clock.advance(86_400_000);
    expect(await runRiskJob(ctx, { recompute: false })).toMatchObject({ fired: 0, continuing: 1 });
    // Pretend the condition was absent for a few days.
    await get().db.updateTable('alerts').set({ last_seen_on: '2026-11-20' }).execute();
    expect(await runRiskJob(ctx, { recompute: false })).toMatchObject({ fired: 1 });
    expect(await get().db.selectFrom('alerts').select('id').execute()).toHaveLength(2);
  });

  it("risk: a resolved alert stays quiet within its rule's cooldown, then fires again", async () => {
    const clock = movableClock(AT);
    const ctx = withSettings(jobsContext(get().db, clock), {
      rules: { inactivity: { cooldownHours: 48 } },
      alerts: { reopenWithinDays: 0 },
    });
    await seedPortfolio(get().db, TODAY);
    await runRiskJob(ctx);
    await get()
      .db.updateTable('alerts')
      .set({ status: 'resolved', resolved_at: clock.now() })
      .execute();
    // The condition went away and came back (a new silence) within the cooldown: quiet.
    await get().db.updateTable('alerts').set({ last_seen_on: '2026-11-20' }).execute();
    clock.advance(47 * 3_600_000);
    expect(await runRiskJob(ctx, { recompute: false })).toMatchObject({ fired: 0, continuing: 1 });
    await get().db.updateTable('alerts').set({ last_seen_on: '2026-11-20' }).execute();
    clock.advance(2 * 3_600_000);
    expect(await runRiskJob(ctx, { recompute: false })).toMatchObject({ fired: 1 });
  });

  it('escalate: an alert unacknowledged past escalateAfterHours goes to the escalation channel once', async () => {
    const clock = movableClock(AT);
    const ctx = withSettings(jobsContext(get().db, clock), {
      alerts: { escalateAfterHours: 24, escalationChannel: 'CESC' },
    });
    await seedPortfolio(get().db, TODAY);
    await runRiskJob(ctx);
    clock.advance(23 * 3_600_000);
    expect(await runEscalateJob(ctx)).toMatchObject({ escalated: 0 });
    clock.advance(2 * 3_600_000);
    expect(await runEscalateJob(ctx)).toMatchObject({ escalated: 1, messages: 1 });
    expect(await runEscalateJob(ctx)).toMatchObject({ escalated: 0 });
    // The card, its copy in the escalation channel, and a line in the card's thread.
    expect((await outbox()).map((r) => r.channel_id)).toEqual(['CACME', 'CESC', 'CACME']);
  });

  it('renewals: one reminder per (account, renewal date, window), the tightest window only', async () => {
    const clock = movableClock(AT);
    const ctx = jobsContext(get().db, clock);
    const { beta } = await seedPortfolio(get().db, TODAY);
    await get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CREN',
        kind: 'renewals',
        timezone: 'UTC',
        created_by: 'U1',
        filters: JSON.stringify({ segment: 'smb' }),
      })
      .execute();
    expect(await runRenewalJob(ctx)).toMatchObject({ reminders: 1, messages: 1 });
    const event = await get().db.selectFrom('renewal_events').selectAll().executeTakeFirstOrThrow();
    expect(event).toMatchObject({ account_id: beta, window_days: 60, kind: 'reminder' });
    expect(await runRenewalJob(ctx)).toMatchObject({ reminders: 0 });
    clock.set('2026-12-08T10:00:00Z');
    expect(await runRenewalJob(ctx)).toMatchObject({ reminders: 1 });
    expect((await outbox()).map((r) => r.dedupe_key)).toEqual([
      `renewal:${beta}:2027-01-07:60:slack:CREN`,
      `renewal:${beta}:2027-01-07:30:slack:CREN`,
    ]);
  });

  it('three replicas ticking together run each slot once', async () => {
    const clock = movableClock('2026-11-23T10:00:30Z');
    await seedPortfolio(get().db, TODAY);
    const schedulers = [0, 1, 2].map((i) =>
      createScheduler(jobsContext(get().db, clock), allJobs(), { instance: `r${i}`, cron: false }),
    );
    const results = await Promise.all(schedulers.map((s) => s.tick()));
    for (const job of ['risk', 'signals', 'renewals', 'digest', 'escalate', 'playbooks']) {
      const ran = results.filter((r) => (r[job] as { ran?: boolean }).ran === true);
      expect(ran, job).toHaveLength(1);
    }
    const runs = await get().db.selectFrom('job_runs').selectAll().orderBy('job').execute();
    expect(runs.map((r) => [r.job, r.status])).toEqual([
      ['digest', 'done'],
      ['escalate', 'done'],
      ['playbooks', 'done'],
      ['renewals', 'done'],
      ['risk', 'done'],
      ['signals', 'done'],
    ]);
    const keys = (await outbox()).map((r) => r.dedupe_key);
    expect(new Set(keys).size).toBe(keys.length);
    await Promise.all(schedulers.map((s) => s.stop()));
  });

  it('catches up a missed slot within jobs.catchUpHours, once, and skips older ones', async () => {
    const clock = movableClock('2026-11-23T13:20:00Z');
    const ctx = jobsContext(get().db, clock);
    const scheduler = createScheduler(ctx, allJobs(), { instance: 'late', cron: false });
    // Down since before 08:00: the renewal slot of 08:00 UTC is 5 h 20 min old.
    const first = await scheduler.tick();
    expect(first.renewals).toMatchObject({ ran: true });
    expect((await scheduler.tick()).renewals).toEqual({ ran: false });
    const strict = withSettings(ctx, { jobs: { catchUpHours: 1 } });
    await truncateAll(get());
    const skipped = await createScheduler(strict, allJobs(), { instance: 's', cron: false }).tick();
    expect(skipped.renewals).toMatchObject({ skipped: expect.stringContaining('older') });
    expect(skipped.risk).toMatchObject({ ran: true });
  });

  it('tend jobs run takes the same claim, and tend jobs status shows runs and unsent rows', async () => {
    const ctx = jobsContext(get().db, movableClock(AT));
    await seedPortfolio(get().db, TODAY);
    const at = new Date('2026-11-23T09:30:00Z');
    const run = await runJobByHand(ctx, 'risk', at, 'cli');
    expect(run.slot.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(run.outcome.ran).toBe(true);
    expect((await runJobByHand(ctx, 'risk', at, 'cli')).outcome).toEqual({ ran: false });
    await expect(runJobByHand(ctx, 'nope', at, 'cli')).rejects.toThrow(/unknown job 'nope'/);
    await get()
      .db.updateTable('outbox')
      .set({ status: 'failed', attempts: 8, last_error: 'transient: chat.postMessage: HTTP 500' })
      .execute();
    const lines: string[] = [];
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(t),
      interactive: false,
      cwd: '/',
    };
    expect(await jobsCommand.run(['status'], ctx, io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('1 failed');
    expect(text).toMatch(/risk\s+slot 2026-11-23 09:00:00\s+done/);
    expect(text).toContain('reason: transient: chat.postMessage: HTTP 500');
    lines.length = 0;
    expect(
      await jobsCommand
        .run(['run', 'escalate', '--at', 'yesterday'], ctx, io)
        .catch((e) => e.message),
    ).toMatch(/ISO time/);
    expect(
      await jobsCommand.run(['run', 'escalate', '--at', '2026-11-23T09:31:00Z'], ctx, io),
    ).toBe(0);
    expect(lines.join('\n')).toMatch(/escalate: slot 2026-11-23T09:30:00.000Z done/);
  });

  it('tend jobs run <job> without --at is a real run even after the scheduler took the slot', async () => {
    const clock = movableClock(AT);
    const ctx = jobsContext(get().db, clock);
    await seedPortfolio(get().db, TODAY);
    await get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CDIG',
        kind: 'digest',
        filters: '{}',
        at_time: '09:00',
        timezone: 'UTC',
        weekdays_only: true,
        created_by: 'U1',
        last_sent_at: clock.now(),
      })
      .execute();
    // The scheduler has run every current slot (as it does within the minute of a start).
    const ticked = await createScheduler(ctx, allJobs(), { instance: 'r1', cron: false }).tick();
    expect(ticked.risk).toMatchObject({ ran: true });
    const lines: string[] = [];
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(t),
      interactive: false,
      cwd: '/',
    };
    clock.advance(1_000);
    expect(await jobsCommand.run(['run', 'risk'], ctx, io)).toBe(0);
    expect(lines.at(-1)).toBe(
      'risk: ran now: 3 accounts checked, 0 new alerts, 0 messages queued; 1 alert already open',
    );
    // The digest's 09:00 slot is long past and not due again today: run by hand, it is sent.
    expect(await jobsCommand.run(['run', 'digest'], ctx, io)).toBe(0);
    expect(lines.at(-1)).toBe('digest: ran now: 1 digest for 1 subscription, 1 message queued');
    clock.advance(1_000);
    expect(await jobsCommand.run(['run', 'digest'], ctx, io)).toBe(0);
    expect(lines.at(-1)).toBe('digest: ran now: 1 digest for 1 subscription, 1 message queued');
    const keys = await get()
      .db.selectFrom('outbox')
      .select('dedupe_key')
      .where('dedupe_key', 'like', 'digest:%')
      .execute();
    expect(keys).toHaveLength(2);
    const runs = await get()
      .db.selectFrom('job_runs')
      .select(['job', 'status'])
      .where('job', 'like', '%:manual')
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual([
      { job: 'risk:manual', status: 'done' },
      { job: 'digest:manual', status: 'done' },
      { job: 'digest:manual', status: 'done' },
    ]);
  });

  it('a manual run with one key runs once across replicas, a new key runs again', async () => {
    const clock = movableClock(AT);
    const ctx = jobsContext(get().db, clock);
    await seedPortfolio(get().db, TODAY);
    const key = new Date(AT);
    const both = await Promise.all([
      runJobNow(ctx, 'renewals', 'replica-a', key),
      runJobNow(ctx, 'renewals', 'replica-b', key),
    ]);
    expect(both.map((r) => r.outcome.ran).sort()).toEqual([false, true]);
    expect(
      (await runJobNow(ctx, 'renewals', 'replica-a', new Date(key.getTime() + 1))).outcome.ran,
    ).toBe(true);
    await expect(runJobNow(ctx, 'renewals', 'a', new Date('2026-11-22T10:00:00Z'))).rejects.toThrow(
      /time of the request/,
    );
  });
});
