import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database';
import { databaseKinds, freshDatabase } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, seedAccounts, startHarness } from './harness';

for (const kind of databaseKinds()) {
  describe(`slack with the database down [${kind}]`, () => {
    let handle: DatabaseHandle;
    let h: Harness;
    beforeAll(async () => {
      handle = await freshDatabase(kind);
      await seedAccounts(handle.db);
      h = await startHarness(handle.db);
    });
    afterAll(() => h.close());

    const health = async () => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/health',
          text: 'acme',
          user_id: ANN.id,
          trigger_id: nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      return { status: res.status, body: JSON.stringify(await res.json()) };
    };

    it('answers in the acknowledgement that Tend is temporarily unavailable', async () => {
      expect((await health()).body).toContain('Acme Corp');
      await handle.close();
      // The answer comes in the HTTP response itself, i.e. within Slack's ack deadline.
      const down = await health();
      expect(down.status).toBe(200);
      expect(down.body).toContain('temporarily unavailable');
      expect(down.body).toContain('ephemeral');
      // The process is still serving: a second request gets the same clear answer.
      expect((await health()).body).toContain('temporarily unavailable');
    });
  });
}
