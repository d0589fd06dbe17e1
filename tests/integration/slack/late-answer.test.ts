import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_DEADLINE_MS } from '../../../src/chat/slack/render';
import type { DatabaseHandle } from '../../../src/db/database';
import { freshEmbedded } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, seedAccounts, startHarness } from './harness';

// The late answer's bound (LATE_ANSWER_MS, shortened here) on its own: the work behind a
// command hangs in a way no pool timeout ends (Slack's users.info, asked for the person's
// e-mail, never answers), and the person must still get an answer in place of "Working on it".
const LATE_MS = 1_500;

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

  it('acks "working on it", then answers within the late bound', async () => {
    // /followups needs the person's e-mail: a profile look-up that never comes back.
    h.emulator.script('users.info', [{ hang: true }]);
    const response_url = h.emulator.responseUrl();
    const started = performance.now();
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: '/followups',
        text: '',
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url,
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Working on it');
    expect(h.emulator.hung).toBe(1);
    const path = new URL(response_url).pathname;
    const late = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === path,
      ACK_DEADLINE_MS + LATE_MS + 3_000,
    );
    expect(late.body).toMatchObject({ replace_original: true });
    expect(JSON.stringify(late.body)).toContain('temporarily unavailable');
    expect(performance.now() - started).toBeLessThan(ACK_DEADLINE_MS + LATE_MS + 2_000);
  }, 20_000);
});
