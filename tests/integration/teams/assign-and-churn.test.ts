import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import {
  cardOf,
  type Harness,
  inChannel,
  invoke,
  personal,
  startHarness,
  TENANT,
  verbsOf,
} from './harness';

interface Answer {
  type: string;
  value: unknown;
}

const BOB = { id: '29:bob', name: 'Bob Smith', aadObjectId: 'aad-bob' };
const BOB_CHAT = 'a:personal-bob';

describeEachDatabase('Teams: the assignee hears of it; Mark churned and Undo', (get) => {
  let h: Harness;
  let account: number;
  let alertId: number;
  beforeAll(async () => {
    h = await startHarness(get());
    h.standIn.members.set(BOB.aadObjectId, { ...BOB, email: 'bob@acme.com' });
    h.standIn.members.set(BOB.id, { ...BOB, email: 'bob@acme.com' });
    account = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
      renewal_date: '2027-01-07',
    });
    alertId = (
      await get()
        .db.insertInto('alerts')
        .values({
          account_id: account,
          rule: 'renewal_at_risk',
          summary: 'renewal in 45 days and health is yellow',
          fired_at: new Date('2026-11-23T09:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // Bob has talked to Tend once, so his personal chat is known.
    await h.post(
      personal('help', {
        from: BOB,
        conversation: { id: BOB_CHAT, conversationType: 'personal', tenantId: TENANT },
      }),
    );
  });
  afterAll(() => h.close());

  const worker = () =>
    createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { teams: createTeamsSender(h.ctx) },
      sleep: async () => {},
    });
  const channelClick = (verb: string, data: Record<string, unknown>) => {
    const { conversation, channelData } = inChannel('');
    return invoke(verb, data, { conversation, channelData });
  };
  const click = async (activity: Record<string, unknown>) =>
    (await (await h.post(activity)).json()) as Answer;

  it('Assign sends the assignee a personal message with the card and its buttons', async () => {
    await click(
      channelClick('alert.assign', {
        value: JSON.stringify({ alertId }),
        input: 'alert.assign.choice',
        'alert.assign.choice': BOB.aadObjectId,
      }),
    );
    await worker().runUntilIdle();
    const sent = h.standIn.calls.find((c) => c.kind === 'send' && c.conversationId === BOB_CHAT);
    expect(sent).toBeDefined();
    const card = cardOf(sent!.body);
    expect(JSON.stringify(card)).toContain('@Jane Doe assigned this alert to you.');
    expect(verbsOf(card)).toEqual(
      expect.arrayContaining(['alert.ack', 'alert.assign', 'alert.resolve']),
    );
  });

  it('Mark churned resolves the alert and Undo reopens it', async () => {
    const value = JSON.stringify({ accountId: account, renewalDate: '2027-01-07' });
    const churned = await click(channelClick('renewal.churned', { value }));
    expect(String(churned.value)).toMatch(/^Marked churned by @Jane Doe .*1 open alert resolved/);
    const status = async () =>
      (
        await get()
          .db.selectFrom('accounts')
          .select('status')
          .where('id', '=', account)
          .executeTakeFirstOrThrow()
      ).status;
    const alert = () =>
      get().db.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirstOrThrow();
    expect(await status()).toBe('churned');
    expect((await alert()).status).toBe('resolved');
    const undone = await click(channelClick('renewal.undo-churn', { value }));
    expect(String(undone.value)).toMatch(/^Churn undone by @Jane Doe .*1 alert reopened/);
    expect(await status()).toBe('active');
    expect((await alert()).status).toBe('open');
  });
});
