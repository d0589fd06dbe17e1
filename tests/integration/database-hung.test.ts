import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rich } from '../../src/cards/model';
import { createSlackSender } from '../../src/chat/slack/sender';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { createOutboxWorker } from '../../src/delivery/worker';
import { healthRoutes } from '../../src/http/routes/health';
import { createHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { enqueue } from '../../src/store/outbox';
import {
  type OwnPostgres,
  ownPostgresUnavailable,
  startOwnPostgres,
} from '../helpers/own-postgres';
import { type SlackApiStub, startSlackApiStub } from '../helpers/slack-api-stub';
import { commandBody, postCommand } from '../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, seedAccounts, startHarness } from './slack/harness';

// A hung database (SIGSTOP on a cluster of the test's own: connections accept and nothing
// answers), not a down one: probes and people must get an answer in time, and the outbox must
// not send anything twice once it resumes.
const why = ownPostgresUnavailable();
if (why) console.info(`hung-database test skipped: ${why}`);

describe.skipIf(why !== null)('with the database hung', () => {
  let pg: OwnPostgres;
  let handle: DatabaseHandle;
  let h: Harness;
  let stub: SlackApiStub;
  let readyzUrl: string;
  let closeHttp: () => Promise<void>;
  beforeAll(async () => {
    pg = await startOwnPostgres();
    handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 6 });
    await migrateToLatest(handle.db);
    await seedAccounts(handle.db);
    h = await startHarness(handle.db);
    stub = await startSlackApiStub();
    const ping = async () => {
      await sql`select 1`.execute(handle.db);
      return true;
    };
    const http = createHttpServer(healthRoutes(ping), silentLogger);
    readyzUrl = `${(await http.listen(0, '127.0.0.1')).url}/readyz`;
    closeHttp = () => http.close();
  }, 60_000);
  afterAll(async () => {
    pg?.thaw();
    await closeHttp?.();
    await h?.close();
    await stub?.close();
    await handle?.close();
    pg?.close();
  });

  it('/readyz says 503 in time, /health says unavailable in time, and no message goes twice after', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => {
      const text = `m${i}`;
      return {
        platform: 'slack',
        channelId: 'CHUNG',
        dedupeKey: text,
        payload: {
          op: 'post' as const,
          kind: 'test',
          card: {
            title: text,
            fallback: text,
            blocks: [{ type: 'text' as const, text: rich(text) }],
          },
        },
      };
    });
    await enqueue(handle.db, messages, h.ctx.clock.now());
    const worker = createOutboxWorker(h.ctx, {
      instance: 'w',
      senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.url }) },
      pace: { slack: { rate: 5, burst: 1 } },
      pollMs: 50,
    });
    worker.start();
    try {
      for (let i = 0; i < 200 && stub.posts.length < 5; i++)
        await new Promise((r) => setTimeout(r, 20));
      pg.freeze();
      const frozenAt = performance.now();

      const ready = await fetch(readyzUrl);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/did not answer/),
      });

      const response_url = h.standIn.responseUrl();
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/health',
          text: 'acme',
          user_id: ANN.id,
          trigger_id: nextTrigger(),
          response_url,
        }),
      );
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('Working on it');
      const path = new URL(response_url).pathname;
      const late = await h.standIn.waitFor('response_url', (c) => c.body.path === path, 15_000);
      expect(JSON.stringify(late.body)).toContain('temporarily unavailable');
      // Both answers came while the database was still frozen.
      expect(performance.now() - frozenAt).toBeLessThan(14_000);

      pg.thaw();
      for (let i = 0; i < 600 && stub.posts.length < 30; i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      pg.thaw();
      await worker.stop();
    }
    expect(stub.posts.map((p) => p.text)).toEqual(messages.map((m) => m.dedupeKey));
  }, 60_000);
});
