import { afterAll, beforeAll, expect, it } from 'vitest';
import { alertCardFor } from '../../../src/app/alerts';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import {
  CHANNEL,
  cardOf,
  findAll,
  type Harness,
  inChannel,
  invoke,
  JANE,
  startHarness,
  verbsOf,
} from './harness';

interface Answer {
  type: string;
  value: unknown;
}

describeEachDatabase('Teams alert cards: buttons, history, in-place updates', (get) => {
  let h: Harness;
  let alertId: number;
  beforeAll(async () => {
    h = await startHarness(get());
    h.standIn.members.set('aad-bob', { id: '29:bob', name: 'Bob Smith', aadObjectId: 'aad-bob' });
    const account = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    const alert = await get()
      .db.insertInto('alerts')
      .values({
        account_id: account,
        rule: 'inactivity',
        summary: 'No login for 15 days',
        fired_at: new Date('2026-11-23T09:00:00Z'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    alertId = alert.id;
    // The channel has the app; the risk job's post reached it through the outbox.
    await h.post(inChannel('help'));
    const card = await alertCardFor(h.ctx, alert);
    await enqueue(
      h.ctx.db,
      [
        {
          platform: 'teams',
          channelId: CHANNEL,
          dedupeKey: `alert:${alertId}:post:teams:${CHANNEL}`,
          payload: { op: 'post', kind: 'alert', card: card! },
          accountId: account,
          alertId,
        },
      ],
      h.ctx.clock.now(),
    );
    await worker().runUntilIdle();
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

  it('posted the alert card with its buttons, snooze choices and a people picker', () => {
    const posted = h.standIn.calls.find((c) => c.kind === 'send' && c.conversationId === CHANNEL);
    const card = cardOf(posted!.body);
    expect(verbsOf(card)).toEqual([
      'alert.ack',
      'alert.snooze',
      'alert.assign',
      'alert.followup',
      'alert.note',
      'alert.resolve',
      'alert.resolve.saved',
    ]);
    const inputs = findAll(card, 'id').filter((e) => e.type === 'Input.ChoiceSet');
    expect(inputs.map((i) => i.id)).toEqual(['alert.snooze.choice', 'alert.assign.choice']);
  });

  it('Acknowledge redraws the card, records who did it, and rewrites the channel copy', async () => {
    const answer = await click(channelClick('alert.ack', { value: JSON.stringify({ alertId }) }));
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.value)).toContain(`Acknowledged by @${JANE.name}`);
    expect(verbsOf(answer.value)).not.toContain('alert.ack');
    const events = await get().db.selectFrom('alert_events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'ack', actor: JANE.id, platform: 'teams' });
    await worker().runUntilIdle();
    const update = h.standIn.calls.at(-1);
    expect(update).toMatchObject({ kind: 'update', conversationId: CHANNEL });
    expect(JSON.stringify(update?.body)).toContain('Acknowledged by');
    // Acknowledging again is moot: the card stays and the answer says why.
    const again = await click(channelClick('alert.ack', { value: JSON.stringify({ alertId }) }));
    expect(again).toMatchObject({ type: 'application/vnd.microsoft.activity.message' });
    expect(String(again.value)).toMatch(/Already acknowledged/);
  });

  it('Snooze takes the chosen option; Assign takes the person from the picker', async () => {
    const choice = JSON.stringify({ alertId, for: '4h' });
    const snoozed = await click(
      channelClick('alert.snooze', {
        input: 'alert.snooze.choice',
        'alert.snooze.choice': choice,
      }),
    );
    expect(JSON.stringify(snoozed.value)).toContain('for 4 hours');
    const assigned = await click(
      channelClick('alert.assign', {
        value: JSON.stringify({ alertId }),
        input: 'alert.assign.choice',
        'alert.assign.choice': 'aad-bob',
      }),
    );
    expect(JSON.stringify(assigned.value)).toContain('Assigned to @Bob Smith');
    const none = await click(channelClick('alert.snooze', { input: 'alert.snooze.choice' }));
    expect(String(none.value)).toMatch(/Pick one first/);
    const actions = await get().db.selectFrom('alert_events').select('action').execute();
    expect(actions.map((a) => a.action)).toEqual(['ack', 'snooze', 'assign']);
  });

  it('a retried invoke reaching another replica is recorded once (the database, not memory)', async () => {
    // Each bot remembers the invokes it answered in memory; a retry that lands on another
    // replica meets an empty memory, so only the request key in the database can stop it.
    const replica = await startHarness(get());
    try {
      const events = async (action: string) =>
        (
          await get()
            .db.selectFrom('alert_events')
            .select('id')
            .where('action', '=', action)
            .execute()
        ).length;
      const snoozesBefore = await events('snooze');
      const snooze = channelClick('alert.snooze', {
        input: 'alert.snooze.choice',
        'alert.snooze.choice': JSON.stringify({ alertId, for: '1d' }),
      });
      const first = await click(snooze);
      expect(JSON.stringify(first.value)).toContain('for 1 day');
      const retried = (await (await replica.post(snooze)).json()) as Answer;
      expect(String(retried.value)).toMatch(/Already done/);
      expect(await events('snooze')).toBe(snoozesBefore + 1);

      const resolve = channelClick('alert.resolve', { value: JSON.stringify({ alertId }) });
      await click(resolve);
      await replica.post(resolve);
      expect(await events('resolve')).toBe(1);
      const alert = await get()
        .db.selectFrom('alerts')
        .selectAll()
        .where('id', '=', alertId)
        .executeTakeFirstOrThrow();
      expect(alert.status).toBe('resolved');
    } finally {
      await replica.close();
    }
  });
});
