import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRenewalAction } from '../../../src/app/renewal-actions';
import { runRenewalJob } from '../../../src/app/renewal-reminders';
import { ACTIONS } from '../../../src/cards/actions';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { renewalOutcomes } from '../../../src/store/renewals';
import { describeEachDatabase } from '../../helpers/database';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, buttonClick, type Harness, startHarness } from '../slack/harness';

describeEachDatabase('renewal reminder buttons', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let beta: number;
  const ref = () => ({ accountId: beta, renewalDate: '2027-01-07' });
  const actor = { id: ANN.id, name: '@Ann Example', platform: 'slack' };

  beforeAll(async () => {
    h = await startHarness(get().db);
    ({ beta } = await seedPortfolio(get().db, '2026-11-23'));
    await get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CREN',
        kind: 'renewals',
        timezone: 'UTC',
        created_by: 'U1',
      })
      .execute();
    await runRenewalJob(h.ctx);
    worker = createOutboxWorker(h.ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
    await worker.runUntilIdle();
  });
  afterAll(() => h.close());

  it('Start renewal plan (signed click) creates the checklist once', async () => {
    const click = () =>
      postInteraction(
        h.eventsUrl,
        buttonClick({
          userId: ANN.id,
          actionId: ACTIONS.renewalPlan,
          value: JSON.stringify(ref()),
          responseUrl: h.emulator.responseUrl(),
          ephemeral: false,
        }),
      );
    expect((await click()).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const n = await get().db.selectFrom('follow_ups').select('id').execute();
      if (n.length >= 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await applyRenewalAction(h.ctx, ref(), { kind: 'plan' }, actor, 'k2');
    expect(second).toMatchObject({ changed: false });
    const followUps = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .orderBy('due_on')
      .execute();
    expect(followUps.map((f) => f.due_on)).toEqual([
      '2026-11-23',
      '2026-11-23',
      '2026-12-08',
      '2026-12-31',
    ]);
    expect(followUps.every((f) => f.source === 'renewal' && f.account_id === beta)).toBe(true);
    await worker.runUntilIdle();
    const updates = h.emulator.callsTo('chat.update');
    expect(JSON.stringify(updates.at(-1)?.body)).toContain('Renewal plan started by @Ann Example');
  });

  it("Log follow-up opens the follow-up modal for the reminder's account", async () => {
    const body = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.renewalFollowUp,
      value: JSON.stringify(ref()),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, body)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === body.trigger_id,
    );
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('followup.log.modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ accountId: beta, channelId: 'C0GENERAL' });
  });

  it('Snooze posts the reminder again a week later, once per request', async () => {
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'snooze' }, actor, 's1')).toMatchObject({
      changed: true,
    });
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'snooze' }, actor, 's1')).toMatchObject({
      changed: false,
    });
    const again = await get()
      .db.selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', 'like', '%:snooze:%')
      .execute();
    expect(again).toHaveLength(1);
    expect(again[0]?.next_attempt_at.toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });

  it('Mark renewed keeps the outcome and moves the date; later clicks are moot', async () => {
    await expect(
      applyRenewalAction(h.ctx, ref(), { kind: 'renewed', newDate: '2026-12-01' }, actor, 'r0'),
    ).rejects.toThrow(/after 2027-01-07/);
    const done = await applyRenewalAction(
      h.ctx,
      ref(),
      { kind: 'renewed', newDate: '2028-01-07' },
      actor,
      'r1',
    );
    expect(done).toMatchObject({ changed: true, message: expect.stringContaining('2028-01-07') });
    const account = await get()
      .db.selectFrom('accounts')
      .selectAll()
      .where('id', '=', beta)
      .executeTakeFirstOrThrow();
    expect(account.renewal_date).toBe('2028-01-07');
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'churned' }, actor, 'c1')).toMatchObject({
      changed: false,
    });
    const outcomes = await renewalOutcomes(
      get().db,
      new Date('2026-11-01'),
      new Date('2026-12-01'),
    );
    expect(outcomes).toEqual({ renewed: 1, churned: 0 });
    await worker.runUntilIdle();
    const last = JSON.stringify(h.emulator.callsTo('chat.update').at(-1)?.body);
    expect(last).toContain('Marked renewed by @Ann Example (next renewal 2028-01-07)');
    expect(last).not.toContain(ACTIONS.renewalChurned);
  });
});
