import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { cardOf, findAll, type Harness, personal, startHarness } from './harness';

const text = (v: unknown) => JSON.stringify(v);

/** A message action invoke as Teams sends it (fetchTask, then submitAction with the form's data). */
function messageAction(name: 'fetchTask' | 'submitAction', data?: Record<string, unknown>) {
  return personal('', {
    type: 'invoke',
    name: `composeExtension/${name}`,
    text: undefined,
    value: {
      commandId: 'logToAccount',
      commandContext: 'message',
      context: { theme: 'default' },
      messagePayload: {
        id: '1732355000000',
        createdDateTime: '2026-11-23T09:30:00.000Z',
        linkToMessage:
          'https://teams.microsoft.com/l/message/19:general@thread.tacv2/1732355000000',
        body: {
          contentType: 'html',
          content: '<p>Globex wants 50 more seats &amp; a QBR in <b>January</b></p>',
        },
        from: { user: { id: 'aad-bob', displayName: 'Bob Smith' } },
      },
      ...(data ? { data } : {}),
    },
  });
}

interface TaskAnswer {
  task: { type: 'continue' | 'message'; value: unknown };
}

// The account timeline in Teams: "touch", "timeline", the "Log to account" message action
// (task module over the real CloudAdapter) and the check-ins due in "health" (my portfolio:
// Teams has no Home tab).
describeEachDatabase('Teams: account timeline and touch cadence', (get) => {
  let h: Harness;
  let globex: number;
  beforeAll(async () => {
    h = await startHarness(get());
    globex = await insertAccount(get().db, {
      external_id: 'globex',
      name: 'Globex',
      owner_email: 'jane@acme.com',
    });
    // Gold: a check-in every 30 days; Tend has known it for 40.
    await sql`update accounts set tier = 'gold', created_at = '2026-10-14T10:00:00Z'
      where id = ${globex}`.execute(get().db);
  });
  afterAll(() => h.close());

  const say = async (words: string) => {
    expect((await h.post(personal(words))).status).toBe(200);
    return text(cardOf(h.standIn.calls.at(-1)!.body));
  };

  it('"health" (my portfolio) lists the gold account past its 30 days as a check-in due', async () => {
    const card = await say('health');
    expect(card).toContain('Check-ins due (1)');
    expect(card).toContain('gold, every 30 days');
    expect(card).toContain('no touch logged yet');
  });

  it('"touch globex demo of the new reports" logs a demo and clears the check-in', async () => {
    expect(await say('touch globex demo of the new reports')).toContain('Demo:');
    const rows = await get()
      .db.selectFrom('touchpoints')
      .selectAll()
      .where('account_id', '=', globex)
      .execute();
    expect(rows).toMatchObject([{ kind: 'demo', platform: 'teams', logged_by: 'Jane Doe' }]);
    expect(await say('health')).not.toContain('Check-ins due');
  });

  it('Log to account: fetchTask answers a form with the message; submitAction saves it with author and link', async () => {
    const fetched = await h.post(messageAction('fetchTask'));
    expect(fetched.status).toBe(200);
    const task = (await fetched.json()) as TaskAnswer;
    expect(task.task.type).toBe('continue');
    const card = (task.task.value as { card: { content: unknown } }).card.content;
    expect(text(card)).toContain('Globex wants 50 more seats & a QBR in January');
    // A task module takes Action.Submit, not Action.Execute.
    const actions = findAll(card, 'type').filter((e) => String(e.type).startsWith('Action.'));
    expect(actions.map((a) => a.type)).toEqual(['Action.Submit']);
    const save = actions[0]!.data as { verb: string; value: string };
    expect(save.verb).toBe('timeline.log');

    const submit = async (account: string) => {
      const res = await h.post(
        messageAction('submitAction', {
          ...save,
          account,
          text: 'Globex wants 50 more seats & a QBR in January',
        }),
      );
      expect(res.status).toBe(200);
      return (await res.json()) as TaskAnswer;
    };
    // No such account: the form again, with what to fix on top; nothing recorded.
    const refused = await submit('Initech');
    expect(refused.task.type).toBe('continue');
    expect(text(refused.task.value)).toContain('No account matches \\"Initech\\"');
    const saved = await submit('globex');
    expect(saved.task).toEqual({
      type: 'message',
      value: "Saved to Globex's timeline (timeline Globex shows it).",
    });
    // Teams retried the submit: one entry.
    expect((await submit('globex')).task.value).toBe("Already on Globex's timeline.");
    const messages = await get()
      .db.selectFrom('touchpoints')
      .selectAll()
      .where('kind', '=', 'message')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      account_id: globex,
      author: 'Bob Smith',
      logged_by: 'Jane Doe',
      platform: 'teams',
      link: 'https://teams.microsoft.com/l/message/19:general@thread.tacv2/1732355000000',
      at: new Date('2026-11-23T09:30:00Z'),
    });
  });

  it('"timeline globex" lists the demo and the message, newest first, with the link', async () => {
    const card = await say('timeline globex');
    expect(card).toContain('Timeline: Globex');
    expect(card.indexOf('Demo:')).toBeLessThan(card.indexOf('Message:'));
    expect(card).toContain('Bob Smith');
    expect(card).toContain('https://teams.microsoft.com/l/message/');
  });

  it('past the cadence again 31 days later, "health" lists it once more', async () => {
    h.ctx.clock = fixedClock('2026-12-25T10:00:00Z');
    try {
      expect(await say('health')).toContain('Check-ins due (1)');
    } finally {
      h.ctx.clock = fixedClock('2026-11-23T10:00:00Z');
    }
  });
});
