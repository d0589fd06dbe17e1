import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyAlertAction } from '../../../src/app/alert-actions';
import { runEscalateJob } from '../../../src/app/alert-escalation';
import { runRiskJob } from '../../../src/app/alerts';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio, withSettings } from '../../helpers/jobs-fixtures';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';

describeEachDatabase('alert updates', (get) => {
  let stub: RunningSlackEmulator;
  beforeAll(async () => {
    stub = await startSlackEmulator();
  });
  afterAll(() => stub.close());

  it('rewrites every post of an alert, the escalation copy in the same channel too', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    // The escalation channel is the account's own channel: two posts of one alert in it.
    const ctx = withSettings(jobsContext(get().db, clock), {
      alerts: { escalationChannel: 'slack:CACME', escalateAfterHours: 1 },
    });
    await seedPortfolio(ctx.db, '2026-11-23');
    const worker = createOutboxWorker(ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
    await runRiskJob(ctx);
    await worker.runUntilIdle();
    clock.advance(2 * 3_600_000);
    expect((await runEscalateJob(ctx)).messages).toBeGreaterThan(0);
    await worker.runUntilIdle();
    const alert = await ctx.db
      .selectFrom('alerts')
      .selectAll()
      .where('rule', '=', 'inactivity')
      .executeTakeFirstOrThrow();
    const posts = await ctx.db
      .selectFrom('outbox')
      .select(['message_ref', 'kind'])
      .where('alert_id', '=', alert.id)
      .where('channel_id', '=', 'CACME')
      .execute();
    expect(posts.map((p) => p.kind).sort()).toEqual(['alert', 'alert-thread', 'escalation']);
    // The escalation is also told in the thread of the alert's own card.
    const alertPost = posts.find((p) => p.kind === 'alert');
    const alertTs = (JSON.parse(alertPost?.message_ref ?? '{}') as { ts: string }).ts;
    const told = stub.posts.filter((p) => p.threadTs === alertTs);
    expect(told.map((p) => p.text)).toEqual(['Escalated: not acknowledged within 1 h']);
    const result = await applyAlertAction(
      ctx,
      alert.id,
      { kind: 'ack' },
      { id: 'U1', name: '@Ann', platform: 'slack' },
      'test:ack',
    );
    expect(result.changed).toBe(true);
    await worker.runUntilIdle();
    const rewritten = stub.updates.map((u) => u.ts).sort();
    const tss = posts
      .filter((p) => p.kind !== 'alert-thread')
      .map((p) => (JSON.parse(p.message_ref ?? '{}') as { ts: string }).ts)
      .sort();
    expect(rewritten).toEqual(tss);
    expect(
      stub.updates.every(
        (u) => u.text.includes('Acknowledged') || JSON.stringify(u.blocks).includes('Acknowledged'),
      ),
    ).toBe(true);
  });
});
