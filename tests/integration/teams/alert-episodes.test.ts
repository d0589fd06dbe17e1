import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import {
  CHANNEL,
  findAll,
  type Harness,
  inChannel,
  invoke,
  personal,
  startHarness,
} from './harness';

// Issue 13 in Teams, through activities to the real CloudAdapter and the Bot Connector
// stand-in: one card per episode, its story in the card's reply chain, Note and "note".

interface Answer {
  type: string;
  value: unknown;
}

describeEachDatabase('teams: one card per episode, its story in the reply chain', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let acme: number;
  let lead: number;
  let activityId: string;

  const worker = () =>
    createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { teams: createTeamsSender(h.ctx) },
      sleep: async () => {},
    });
  const text = (v: unknown) => JSON.stringify(v);
  const replies = () =>
    h.standIn.calls.filter((c) => c.kind === 'reply' && c.replyToId === activityId);
  const click = async (verb: string, data: Record<string, unknown>) => {
    const { conversation, channelData } = inChannel('');
    const res = await h.post(
      invoke(verb, data, { conversation, channelData, replyToId: activityId }),
    );
    return (await res.json()) as Answer;
  };

  beforeAll(async () => {
    h = await startHarness(get());
    clock = movableClock('2026-11-23T10:00:00Z');
    h.ctx.clock = clock;
    await h.post(inChannel('help'));
    ({ acme } = await seedPortfolio(get().db, '2026-11-23'));
    await get()
      .db.updateTable('accounts')
      .set({ slack_channel: null, teams_channel: CHANNEL })
      .where('id', '=', acme)
      .execute();
    await runRiskJob(h.ctx);
    await worker().runUntilIdle();
    lead = (await get().db.selectFrom('alerts').select('id').executeTakeFirstOrThrow()).id;
    const sent = h.standIn.calls.find((c) => c.kind === 'send' && c.conversationId === CHANNEL);
    activityId = sent!.activityId;
  });
  afterAll(() => h.close());

  it('a new signal joins the open card: the card is rewritten with it, one reply in its chain', async () => {
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'nps-1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'cfo@acme.com',
        answered_on: '2026-11-23',
      })
      .execute();
    clock.advance(3_600_000);
    expect(await runRiskJob(h.ctx, { recompute: false })).toMatchObject({ joined: 1 });
    await worker().runUntilIdle();
    const sends = h.standIn.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL);
    expect(sends).toHaveLength(1);
    const update = h.standIn.calls
      .filter((c) => c.kind === 'update' && c.conversationId === CHANNEL)
      .at(-1);
    expect(update?.activityId).toBe(activityId);
    expect(text(update?.body)).toContain('+1 more signal');
    expect(replies()).toHaveLength(1);
    expect(text(replies()[0]?.body)).toContain('New signal: detractor NPS 3 from cfo@acme.com');
  });

  it('Acknowledge and Snooze within a minute are one reply, with no @mention of who acted', async () => {
    await click(ACTIONS.alertAck, { value: JSON.stringify({ alertId: lead }) });
    await click(ACTIONS.alertSnooze, {
      input: 'alert.snooze.choice',
      'alert.snooze.choice': JSON.stringify({ alertId: lead, for: '1d' }),
    });
    await worker().runUntilIdle();
    expect(replies()).toHaveLength(1);
    clock.advance(61_000);
    await worker().runUntilIdle();
    expect(replies()).toHaveLength(2);
    const body = replies()[1]!.body;
    expect(text(body)).toContain('Acknowledged by Jane Doe');
    expect(text(body)).toContain('Snoozed by Jane Doe for 1 day');
    expect(text(body)).not.toContain('@Jane');
    expect(findAll(body, 'mentioned')).toEqual([]);
  });

  it('Note turns the card into the note form; Save adds the note and brings the card back', async () => {
    const form = await click(ACTIONS.alertNote, { value: JSON.stringify({ alertId: lead }) });
    expect(text(form.value)).toContain('"id":"note"');
    const save = findAll(form.value, 'verb').find((a) => a.verb === ACTIONS.alertNote);
    const value = (save?.data as { value: string } | undefined)?.value ?? '';
    expect(JSON.parse(value)).toMatchObject({ alertId: lead, form: expect.any(String) });
    const saved = await click(ACTIONS.alertNote, { value, note: 'CFO call moved to Tuesday' });
    expect(saved.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(text(saved.value)).toContain('Note by @Jane Doe');
    // The same form sent again (a retried invoke) is one note.
    await click(ACTIONS.alertNote, { value, note: 'CFO call moved to Tuesday' });
    await worker().runUntilIdle();
    expect(text(replies().at(-1)?.body)).toContain('Note from Jane Doe: CFO call moved to Tuesday');
    const notes = await get()
      .db.selectFrom('alert_events')
      .select('id')
      .where('action', '=', 'note')
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('"note acme …" in the personal chat adds a note to the open alert', async () => {
    await h.post(personal('note acme renewal budget approved'));
    const answer = h.standIn.calls.at(-1);
    expect(text(answer?.body)).toContain('Note added');
    await worker().runUntilIdle();
    expect(text(replies().at(-1)?.body)).toContain('Note from Jane Doe: renewal budget approved');
  });

  it('Resolve, then a new signal days later re-opens the same card in Teams', async () => {
    await click(ACTIONS.alertResolve, { value: JSON.stringify({ alertId: lead }) });
    clock.advance(4 * 86_400_000);
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'nps-2',
        account_id: acme,
        kind: 'nps',
        score: 2,
        respondent: 'ceo@acme.com',
        answered_on: '2026-11-27',
      })
      .execute();
    expect(await runRiskJob(h.ctx, { recompute: false })).toMatchObject({ reopened: 1 });
    await worker().runUntilIdle();
    const sends = h.standIn.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL);
    expect(sends).toHaveLength(1);
    expect(text(replies().at(-1)?.body)).toContain('Re-opened:');
    expect(text(replies().at(-1)?.body)).toContain('detractor NPS 2 from ceo@acme.com');
    const update = h.standIn.calls
      .filter((c) => c.kind === 'update' && c.conversationId === CHANNEL)
      .at(-1);
    expect(update?.activityId).toBe(activityId);
    expect(text(update?.body)).toContain('alert.ack');
  });

  it('Snooze "until after a date…" turns the card into a form asking the date and why', async () => {
    const form = await click(ACTIONS.alertSnooze, {
      input: 'alert.snooze.choice',
      'alert.snooze.choice': JSON.stringify({ alertId: lead, for: 'date' }),
    });
    expect(text(form.value)).toContain('"id":"reason"');
    const save = findAll(form.value, 'verb').find((a) => a.verb === ACTIONS.alertSnoozeUntil);
    const value = (save?.data as { value: string } | undefined)?.value ?? '';
    const past = await click(ACTIONS.alertSnoozeUntil, { value, until: '2026-11-01', reason: 'x' });
    expect(String(past.value)).toMatch(/today or a later day/);
    const saved = await click(ACTIONS.alertSnoozeUntil, {
      value,
      until: '2026-12-10',
      reason: 'waiting for their budget review',
    });
    expect(text(saved.value)).toContain('until after 10 Dec: waiting for their budget review');
    const a = await get()
      .db.selectFrom('alerts')
      .select(['snoozed_until', 'snooze_reason'])
      .where('id', '=', lead)
      .executeTakeFirstOrThrow();
    expect(a.snoozed_until?.toISOString()).toBe('2026-12-11T00:00:00.000Z');
    expect(a.snooze_reason).toBe('waiting for their budget review');
  });
});
