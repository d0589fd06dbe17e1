import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Card, rich } from '../../../src/cards/model';
import type { DatabaseHandle } from '../../../src/db/database';
import type { Sender } from '../../../src/delivery/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue, markSent, pendingInChannel } from '../../../src/store/outbox';
import { claimChannels, releaseLease, releaseLeases } from '../../../src/store/outbox-leases';
import type { NewMessage as OutboxMessage } from '../../../src/store/outbox-message';
import { freshPostgres } from '../../helpers/database';
import { jobsContext, movableClock, replicaHandles } from '../../helpers/jobs-context';

type NewMessage = OutboxMessage<Card>;

// One replica per channel and strict order are promises about concurrent connections: PGlite
// has one connection, so these run only on a real Postgres server (TEST_DATABASE_URL; CI).
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) {
  console.info('outbox concurrency tests skipped: they need TEST_DATABASE_URL (a real Postgres)');
}

const T0 = '2026-11-23T09:00:00Z';

function message(n: number, channel: string): NewMessage {
  const card = {
    title: `m${n}`,
    fallback: `m${n}`,
    blocks: [{ type: 'text' as const, text: rich(`m${n}`) }],
  };
  return {
    platform: 'slack',
    channelId: channel,
    dedupeKey: `c:${n}`,
    payload: { op: 'post', kind: 'test', card },
  };
}

describe.runIf(onPostgres)('outbox on real Postgres with concurrent connections', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await freshPostgres();
  });
  afterAll(() => handle?.close());

  it('4 claimers × 200 rounds × 20 channels: no channel held twice, each in enqueue order, none stranded', async () => {
    const clock = movableClock(T0);
    const replicas = await replicaHandles(handle, 'postgres', 5);
    try {
      const [feeder, ...claimers] = replicas.dbs;
      if (!feeder) throw new Error('no feeder');
      const channels = Array.from({ length: 20 }, (_, i) => `CH${i}`);
      const holders = new Map<string, string>();
      const sentOrder = new Map<string, number[]>();
      let overlaps = 0;
      let n = 0;
      let feeding = true;
      await enqueue(
        feeder,
        channels.flatMap((c) => [message(n++, c), message(n++, c)]),
        clock.now(),
      );
      // Messages keep arriving while the claimers work: a release must never strand one.
      const feed = (async () => {
        while (feeding) {
          const burst = Array.from({ length: 5 }, () =>
            message(n++, channels[Math.floor(Math.random() * channels.length)] as string),
          );
          await enqueue(feeder, burst, clock.now());
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const work = async (db: (typeof claimers)[number], owner: string, rounds: number) => {
        for (let round = 0; round < rounds; round++) {
          // Half the rounds take the head with the lease and hand the channels back in one
          // batch (as the worker does); the others read it apart and release one by one.
          const batched = round % 2 === 0;
          const held = await claimChannels(db, {
            owner,
            now: clock.now(),
            leaseMs: 30_000,
            limit: 5,
            platforms: ['slack'],
            heads: batched ? 3 : 0,
          });
          await Promise.all(
            held.map(async (ch) => {
              if (holders.has(ch.channel_id)) overlaps++;
              holders.set(ch.channel_id, owner);
              const head = batched ? ch.rows : await pendingInChannel(db, ch, clock.now(), 3);
              for (const row of head) {
                const list = sentOrder.get(ch.channel_id) ?? [];
                list.push(row.id);
                sentOrder.set(ch.channel_id, list);
                await markSent(db, row.id, `ref-${row.id}`, clock.now());
              }
              holders.delete(ch.channel_id);
              if (!batched) await releaseLease(db, owner, ch, clock.now());
            }),
          );
          if (batched) await releaseLeases(db, owner, held, clock.now());
        }
      };
      await Promise.all(claimers.map((db, i) => work(db, `claimer-${i}`, 200)));
      feeding = false;
      await feed;
      // Drain what is left, one claimer: every message must be reachable by a claim.
      for (let i = 0; i < 100; i++)
        await work(claimers[0] as (typeof claimers)[number], 'drain', 1);
      expect(overlaps).toBe(0);
      const all = await handle.db
        .selectFrom('outbox')
        .select(['id', 'channel_id', 'status'])
        .execute();
      expect(all.filter((r) => r.status !== 'sent')).toEqual([]);
      const sentCount = [...sentOrder.values()].reduce((a, l) => a + l.length, 0);
      expect(sentCount).toBe(all.length);
      for (const [, ids] of sentOrder) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      await replicas.close();
    }
  }, 120_000);

  it('three workers on their own pools send each message once, in order, never two at once per channel', async () => {
    const clock = movableClock(T0);
    const replicas = await replicaHandles(handle, 'postgres', 3);
    try {
      await handle.db.deleteFrom('outbox').execute();
      await handle.db.deleteFrom('outbox_channels').execute();
      const inFlight = new Set<string>();
      const got = new Map<string, string[]>();
      let overlaps = 0;
      let seq = 0;
      // The platform: records order and notices two sends into one channel at the same time.
      const platform: Sender = {
        async post(channelId, card) {
          if (inFlight.has(channelId)) overlaps++;
          inFlight.add(channelId);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          inFlight.delete(channelId);
          got.set(channelId, [...(got.get(channelId) ?? []), card.title]);
          return { messageRef: `ts-${++seq}` };
        },
        async update() {},
      };
      const messages = Array.from({ length: 600 }, (_, i) => message(i, `W${i % 12}`));
      await enqueue(handle.db, messages, clock.now());
      const workers = replicas.dbs.map((db, i) =>
        createOutboxWorker(jobsContext(db, clock), {
          instance: `r${i}`,
          senders: { slack: platform },
          pace: { slack: { rate: 10_000, burst: 10_000 } },
          perLease: 7,
          maxChannels: 4,
          sleep: async () => {},
        }),
      );
      for (let i = 0; i < 50 && seq < 600; i++) {
        await Promise.all(workers.map((w) => w.runUntilIdle()));
      }
      expect(overlaps).toBe(0);
      expect(seq).toBe(600);
      for (let c = 0; c < 12; c++) {
        const expected = messages
          .filter((m) => m.channelId === `W${c}`)
          .map((m) => m.payload.card.title);
        expect(got.get(`W${c}`)).toEqual(expected);
      }
    } finally {
      await replicas.close();
    }
  }, 120_000);
});
