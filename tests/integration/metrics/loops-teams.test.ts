import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSurveyLoops } from '../../../src/app/survey-loops';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { cardOf, type Harness, invoke, personal, startHarness } from '../teams/harness';

interface InvokeAnswer {
  statusCode: number;
  value: unknown;
}
const text = (v: unknown) => JSON.stringify(v);

// The same loop lifecycle on Teams: opened by an answer, listed by "loops", closed by an
// outcome whose form asks a note, and a second outcome on a closed loop is refused politely.
describeEachDatabase('survey loops on Teams', (get) => {
  let h: Harness;
  let loopId: number;

  beforeAll(async () => {
    h = await startHarness(get());
    const acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
      arr: 90000,
    });
    await get()
      .db.updateTable('accounts')
      .set({ teams_channel: '19:acme@thread.tacv2' })
      .where('id', '=', acme)
      .execute();
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'a1',
        account_id: acme,
        kind: 'csat',
        score: 1,
        respondent: 'ops@acme.com',
        comment: 'Support never answered',
        answered_on: '2026-11-23',
      })
      .execute();
    // Posted to the account's Teams channel through the outbox, like its alerts.
    expect(await openSurveyLoops(h.ctx)).toEqual({ opened: 1, messages: 1 });
    const post = await get().db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(post).toMatchObject({
      platform: 'teams',
      channel_id: '19:acme@thread.tacv2',
      kind: 'loop',
    });
    loopId = (await get().db.selectFrom('survey_loops').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => h.close());

  const click = async (verb: string, data: Record<string, unknown>) => {
    const res = await h.post(invoke(verb, data));
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  it('"loops" lists my open loop with Open; Open posts the loop card', async () => {
    await h.post(personal('loops'));
    const list = cardOf(h.standIn.calls.at(-1)!.body);
    expect(text(list)).toContain('Your open loops');
    expect(text(list)).toContain('Low CSAT CSAT 1/5');
    const opened = await click('loop.show', { value: JSON.stringify({ loopId }) });
    expect(text(opened.value)).toContain('Sent below');
    const card = cardOf(h.standIn.calls.at(-1)!.body);
    expect(text(card)).toContain('Support never answered');
    expect(text(card)).toContain('loop.outcome');
  });

  it('Recovered shows the note form; Save closes the loop with the note', async () => {
    const form = await click('loop.outcome', {
      value: JSON.stringify({ loopId, outcome: 'recovered' }),
    });
    expect(text(form.value)).toContain('"id":"note"');
    expect(text(form.value)).toContain('loop.outcome.note');
    const noNote = await click('loop.outcome.note', {
      value: JSON.stringify({ loopId, outcome: 'recovered' }),
      note: '',
    });
    expect(text(noNote.value)).toContain('Say in a few words');
    const saved = await click('loop.outcome.note', {
      value: JSON.stringify({ loopId, outcome: 'recovered' }),
      note: 'Fixed the queue; she is happy now',
    });
    expect(text(saved.value)).toContain('Recovered: loop closed');
    expect(text(saved.value)).toContain('Recovered by @Jane Doe');
    const row = await get()
      .db.selectFrom('survey_loops')
      .selectAll()
      .where('id', '=', loopId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'recovered', note: 'Fixed the queue; she is happy now' });
  });

  it('a loop already closed keeps its first outcome', async () => {
    const again = await click('loop.outcome', {
      value: JSON.stringify({ loopId, outcome: 'unreachable' }),
    });
    expect(text(again.value)).toContain('Already closed: Recovered by @Jane Doe');
    // A form left open elsewhere (or a retried Save) cannot overwrite the outcome.
    const late = await click('loop.outcome.note', {
      value: JSON.stringify({ loopId, outcome: 'unreachable' }),
      note: 'no answer',
    });
    expect(text(late.value)).toContain('Already closed: Recovered by @Jane Doe');
    const row = await get()
      .db.selectFrom('survey_loops')
      .select(['outcome', 'note'])
      .where('id', '=', loopId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ outcome: 'recovered', note: 'Fixed the queue; she is happy now' });
    await h.post(personal('loops'));
    expect(text(cardOf(h.standIn.calls.at(-1)!.body))).toContain('No open loops');
  });
});
