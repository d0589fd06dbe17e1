import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNAVAILABLE_TEXT } from '../../../src/app/chat-commands';
import { OTHER_SLOW_TEXT, platformSlowText } from '../../../src/app/late-answer';
import { ACK_DEADLINE_MS } from '../../../src/chat/slack/render';
import type { DatabaseHandle } from '../../../src/db/database';
import { freshEmbedded, freshPostgres } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, seedAccounts, startHarness } from './harness';

// The late answer's bound (LATE_ANSWER_MS, shortened here) on its own: the work behind a
// command hangs in a way no pool timeout ends, and the person must still get an answer in
// place of "Working on it", one that says what is slow: Slack, the database, or neither.
const LATE_MS = 1_500;

async function lateAnswerTo(h: Harness, command: string, text: string): Promise<string> {
  const response_url = h.emulator.responseUrl();
  const started = performance.now();
  const res = await postCommand(
    h.eventsUrl,
    commandBody({ command, text, user_id: ANN.id, trigger_id: nextTrigger(), response_url }),
  );
  expect(res.status).toBe(200);
  expect(JSON.stringify(await res.json())).toContain('Working on it');
  const path = new URL(response_url).pathname;
  const late = await h.emulator.waitFor(
    'response_url',
    (c) => c.body.path === path,
    ACK_DEADLINE_MS + LATE_MS + 5_000,
  );
  expect(late.body).toMatchObject({ replace_original: true });
  // The bound, plus the one-second database probe, plus slack for a loaded machine.
  expect(performance.now() - started).toBeLessThan(ACK_DEADLINE_MS + LATE_MS + 3_500);
  return JSON.stringify(late.body);
}

describe('a slash command whose work hangs', () => {
  let db: DatabaseHandle;
  let h: Harness;
  beforeAll(async () => {
    db = await freshEmbedded();
    await seedAccounts(db.db);
    h = await startHarness(db.db, { lateAnswerMs: LATE_MS });
  });
  afterAll(async () => {
    await h?.close();
    await db?.close();
  });

  it('on Slack (a profile look-up that never answers): says Slack is slow, not the database', async () => {
    // /followups needs the person's e-mail: a users.info call that never comes back.
    h.emulator.script('users.info', [{ hang: true }]);
    const said = await lateAnswerTo(h, '/followups', '');
    expect(h.emulator.hung).toBe(1);
    expect(said).toContain(platformSlowText('Slack'));
    expect(said).not.toContain('database');
  }, 20_000);

  it('on the database (its one connection held): says the database is unreachable', async () => {
    // The embedded database has one connection: a transaction that never ends holds it, so
    // the command's queries and the probe both wait, as with a hung server.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holding = db.db.transaction().execute(() => held);
    try {
      const said = await lateAnswerTo(h, '/health', 'acme');
      expect(said).toContain(JSON.stringify(UNAVAILABLE_TEXT).slice(1, -1));
    } finally {
      release();
      await holding;
    }
  }, 20_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a slash command waiting on a lock [postgres]',
  () => {
    let db: DatabaseHandle;
    let h: Harness;
    beforeAll(async () => {
      db = await freshPostgres();
      await seedAccounts(db.db);
      h = await startHarness(db.db, { lateAnswerMs: LATE_MS });
    });
    afterAll(async () => {
      await h?.close();
      await db?.close();
    });

    it('with the database and Slack answering: says neither, and that it is logged', async () => {
      // Another session holds the accounts table: /health waits, while `select 1` answers.
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${db.where.split('/').pop()}`;
      const other = new pg.Client({ connectionString: url.toString() });
      await other.connect();
      try {
        await other.query('begin; lock table accounts in access exclusive mode');
        const said = await lateAnswerTo(h, '/health', 'acme');
        expect(said).toContain(OTHER_SLOW_TEXT);
      } finally {
        await other.query('rollback').catch(() => {});
        await other.end();
      }
    }, 20_000);
  },
);
