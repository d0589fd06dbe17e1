import { afterAll, beforeAll, expect, it } from 'vitest';
import { accountCardById } from '../../../src/app/account-health';
import { applyRenewalAction } from '../../../src/app/renewal-actions';
import { runRenewalJob } from '../../../src/app/renewal-reminders';
import { ACTIONS } from '../../../src/cards/actions';
import { renderText } from '../../../src/cards/text';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { fixedClock } from '../../../src/clock';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { renewalOutcomes } from '../../../src/store/renewals';
import { describeEachDatabase } from '../../helpers/database';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, NOW, startHarness } from '../slack/harness';

type Kit = { type: string; elements?: Record<string, unknown>[] }[];

describeEachDatabase('Mark churned: confirm, close what no longer applies, undo', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let beta: number;
  let alerts: number[];
  const ref = () => ({ accountId: beta, renewalDate: '2027-01-07' });
  const at = (minutes: number) => {
    h.ctx.clock = fixedClock(new Date(new Date(NOW).getTime() + minutes * 60_000));
  };
  const click = async (actionId: string) => {
    const body = buttonClick({
      userId: ANN.id,
      actionId,
      value: JSON.stringify(ref()),
      responseUrl: h.standIn.responseUrl(),
      ephemeral: false,
      container: { type: 'message', message_ts: '1.000001', channel_id: 'CREN' },
    });
    expect((await postInteraction(h.eventsUrl, body)).status).toBe(200);
  };
  const account = () =>
    get().db.selectFrom('accounts').selectAll().where('id', '=', beta).executeTakeFirstOrThrow();
  const alertRows = () =>
    get()
      .db.selectFrom('alerts')
      .selectAll()
      .where('account_id', '=', beta)
      .orderBy('id')
      .execute();
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 25));
  };
  const lastUpdate = () => JSON.stringify(h.standIn.callsTo('chat.update').at(-1)?.body);

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
    const rows = await get()
      .db.insertInto('alerts')
      .values([
        {
          account_id: beta,
          rule: 'renewal_at_risk',
          summary: 'renews in 45 days, yellow',
          fired_at: new Date(NOW),
        },
        {
          account_id: beta,
          rule: 'usage_decline',
          summary: 'active users down 40%',
          fired_at: new Date(NOW),
          status: 'acknowledged',
          acknowledged_by: '@Bob',
          acknowledged_at: new Date(NOW),
        },
      ])
      .returning('id')
      .execute();
    alerts = rows.map((r) => r.id);
    await runRenewalJob(h.ctx);
    worker = createOutboxWorker(h.ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: 'xoxb-t', apiUrl: h.standIn.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
    await worker.runUntilIdle();
  });
  afterAll(() => h.close());

  it('the reminder asks before marking churned (a confirm dialog on the button)', async () => {
    const post = h.standIn.callsTo('chat.postMessage').find((c) => c.body.channel === 'CREN');
    const buttons = ((post?.body.blocks ?? []) as Kit).flatMap((b) => b.elements ?? []);
    const churn = buttons.find((b) => b.action_id === ACTIONS.renewalChurned);
    expect(churn?.confirm).toMatchObject({
      title: { text: 'Mark as churned?' },
      confirm: { text: 'Mark churned' },
      deny: { text: 'Cancel' },
      style: 'danger',
    });
  });

  it('resolves the account’s open alerts as "churned" and shows the churned state on the cards', async () => {
    await click(ACTIONS.renewalChurned);
    await until(async () => (await account()).status === 'churned');
    await until(async () => (await alertRows()).every((a) => a.status === 'resolved'));
    const rows = await alertRows();
    expect(rows.map((a) => a.status)).toEqual(['resolved', 'resolved']);
    const events = await get()
      .db.selectFrom('alert_events')
      .selectAll()
      .where('alert_id', 'in', alerts)
      .execute();
    expect(events.map((e) => (e.details as { reason?: string }).reason)).toEqual([
      'churned',
      'churned',
    ]);
    await worker.runUntilIdle();
    const card = lastUpdate();
    expect(card).toContain('churned (the renewal was due on 2027-01-07)');
    expect(card).not.toContain('renews on');
    expect(card).toContain('2 open alerts resolved');
    expect(card).toContain(ACTIONS.renewalUndoChurn);
    expect(card).not.toContain(ACTIONS.renewalChurned);
    const accountText = renderText(await accountCardById(h.ctx, beta));
    expect(accountText).toContain('churned (renewal was due 2027-01-07)');
    expect(accountText).not.toContain('in 45 days');
    expect(await renewalOutcomes(get().db, new Date('2026-11-01'), new Date('2026-12-01'))).toEqual(
      {
        renewed: 0,
        churned: 1,
      },
    );
  });

  it('Undo within 10 minutes makes the account active, reopens those alerts, restores the buttons', async () => {
    at(9);
    await click(ACTIONS.renewalUndoChurn);
    await until(async () => (await account()).status === 'active');
    await until(async () => (await alertRows()).every((a) => a.status !== 'resolved'));
    expect((await alertRows()).map((a) => a.status)).toEqual(['open', 'acknowledged']);
    await worker.runUntilIdle();
    const card = lastUpdate();
    expect(card).toContain('Churn undone by @Ann Example');
    expect(card).toContain(ACTIONS.renewalChurned);
    expect(card).toContain('renews on 2027-01-07');
    expect(await renewalOutcomes(get().db, new Date('2026-11-01'), new Date('2026-12-01'))).toEqual(
      {
        renewed: 0,
        churned: 0,
      },
    );
  });

  it('after 10 minutes Undo changes nothing and says so', async () => {
    const actor = { id: ANN.id, name: '@Ann Example', platform: 'slack' };
    at(20);
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'churned' }, actor, 'c2')).toMatchObject({
      changed: true,
    });
    at(31);
    await click(ACTIONS.renewalUndoChurn);
    const note = await h.standIn.waitFor('response_url', (c) =>
      String(c.body.text).includes('Too late to undo'),
    );
    expect(note.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect((await account()).status).toBe('churned');
  });
});
