import { Analytics } from '@segment/analytics-node';
import { sql } from 'kysely';
import { createApiKey } from '../../src/app/api-keys';
import { ingestBatch } from '../../src/app/ingest';
import { addDays, isoDayFromDate } from '../../src/domain/dates';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { trackRoutes } from '../../src/http/routes/track';
import { createHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { settingsSchema } from '../../src/settings';
import { BENCH_URL, freshBenchDatabase, timed } from './bench-db';
import type { BenchResult } from './figures';

// 1,000,000 Segment track events (1,000 accounts × 20 users each, the last 30 days, a mix of
// logins, core features and other events) sent through the official @segment/analytics-node
// client to Tend's /v1/batch on real Postgres, and as the baseline in the same run the same
// number of plain daily usage rows posted to /api/v1/usage (10,000 a batch, 2 in flight).
// `--events N` sends fewer (smoke runs); `--flush-at B` sets the client's batch size.

const ACCOUNTS = 1_000;
const USERS = 20;
const DAYS = 30;
const EVENTS = ['Signed In', 'Report Built', 'Dashboard Shared', 'Page Viewed', 'Settings Opened'];
const API_BATCH = 10_000;
const API_CONCURRENCY = 2;
/** Batches the client may have in flight before the loop waits (the client itself does not bound it). */
const IN_FLIGHT_BATCHES = 4;

function flag(args: string[], name: string, fallback: number, min: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} wants a whole number >= ${min}`);
  return n;
}

function url(): string {
  const u = new URL(BENCH_URL);
  u.pathname = '/tend_bench_track';
  return u.toString();
}

export async function main(args: string[] = []): Promise<BenchResult> {
  const total = flag(args, '--events', 1_000_000, 100);
  const flushAt = flag(args, '--flush-at', 500, 1);
  const { handle, ctx: base } = await freshBenchDatabase(url());
  const ctx = {
    ...base,
    config: {
      ...base.config,
      settings: settingsSchema.parse({
        connectors: { segment: { coreFeatures: ['Report Built', 'Dashboard Shared'] } },
      }),
    },
  };
  try {
    await ingestBatch(
      ctx,
      'accounts',
      Array.from({ length: ACCOUNTS }, (_, a) => ({
        external_id: `acct-${a}`,
        name: `Account ${a}`,
      })),
    );
    const server = createHttpServer([...apiV1Routes(ctx), ...trackRoutes(ctx)], silentLogger);
    const host = (await server.listen(0, '127.0.0.1')).url;
    const { key } = await createApiKey(ctx, `bench-${Date.now()}`);
    const today = isoDayFromDate(new Date());
    const dayStart = Date.parse(`${addDays(today, -DAYS)}T00:00:00Z`);

    // Segment events through the official client.
    const analytics = new Analytics({
      writeKey: key,
      host,
      flushAt,
      flushInterval: 100,
      maxRetries: 3,
    });
    let failed = 0;
    analytics.on('error', () => failed++);
    let pending = 0;
    let wake: (() => void) | null = null;
    const [trackMs] = await timed(async () => {
      for (let i = 0; i < total; i++) {
        const a = i % ACCOUNTS;
        const u = Math.floor(i / ACCOUNTS) % USERS;
        const day = Math.floor(i / (ACCOUNTS * USERS)) % DAYS;
        pending++;
        analytics.track(
          {
            userId: `u-${a}-${u}`,
            event: EVENTS[(i * 7 + u) % EVENTS.length] ?? 'Page Viewed',
            properties: { plan: 'pro', source: 'bench' },
            context: { groupId: `acct-${a}` },
            timestamp: new Date(dayStart + day * 86_400_000 + (i % 86_000) * 1000),
          } as never,
          () => {
            pending--;
            if (wake && pending < IN_FLIGHT_BATCHES * flushAt) {
              wake();
              wake = null;
            }
          },
        );
        if (pending >= IN_FLIGHT_BATCHES * flushAt) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
      await analytics.closeAndFlush({ timeout: 600_000 });
    });
    const seen = await sql<{ n: number }>`select count(*)::int as n from track_messages`.execute(
      ctx.db,
    );
    const taken = Number(seen.rows[0]?.n);
    if (failed > 0 || taken !== total) {
      throw new Error(
        `Segment path: ${failed} batches failed, ${taken} of ${total} messages stored`,
      );
    }
    const rolled = await sql<{ n: number }>`select count(*)::int as n from usage_daily`.execute(
      ctx.db,
    );

    // Baseline: the same number of rows as plain usage rows.
    await sql`truncate usage_daily`.execute(ctx.db);
    const bodies: string[] = [];
    const perAccountDays = Math.ceil(total / ACCOUNTS);
    let made = 0;
    for (let d = 0; d < perAccountDays && made < total; d++) {
      const day = addDays(today, -1 - d);
      for (let a = 0; a < ACCOUNTS && made < total; a += 1) {
        if (made % API_BATCH === 0) bodies.push('');
        const row = {
          account_external_id: `acct-${a}`,
          day,
          active_users: (a + d) % 20,
          seats: 20,
          logins: (a * 3 + d) % 50,
        };
        const last = bodies.length - 1;
        bodies[last] = `${bodies[last]}${bodies[last] ? ',' : ''}${JSON.stringify(row)}`;
        made++;
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = `{"rows":[${bodies[next++]}]}`;
        const response = await fetch(`${host}/api/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        if (response.status !== 200) throw new Error(`API answered ${response.status}`);
        await response.arrayBuffer();
      }
    };
    const [usageMs] = await timed(() =>
      Promise.all(Array.from({ length: API_CONCURRENCY }, worker)),
    );
    await server.close();

    const rate = (n: number, msTaken: number) => Math.round(n / (msTaken / 1000));
    const line = (label: string, n: number, unit: string, msTaken: number) =>
      `${label.padEnd(58)} ${rate(n, msTaken).toLocaleString('en').padStart(10)} ${unit}/s  ${(msTaken / 1000).toFixed(2).padStart(7)} s`;
    console.log(
      `track: ${total.toLocaleString('en')} Segment track events (${ACCOUNTS} accounts × ${USERS} users × ${DAYS} days), real Postgres`,
    );
    console.log(
      line(`@segment/analytics-node → /v1/batch (${flushAt}/batch)`, total, 'events', trackMs),
    );
    console.log(
      line(
        `API POST /api/v1/usage (${API_BATCH}/batch, ${API_CONCURRENCY} in flight)`,
        made,
        'rows',
        usageMs,
      ),
    );
    console.log(
      `events/s is ${((rate(total, trackMs) / rate(made, usageMs)) * 100).toFixed(0)}% of usage rows/s; ` +
        `the events rolled up into ${rolled.rows[0]?.n} daily usage rows`,
    );
    return {
      figures: [
        {
          what: 'Segment events into /v1/batch',
          value: rate(total, trackMs),
          unit: 'events/s',
          baseline: { what: 'plain rows into /api/v1/usage', value: rate(made, usageMs) },
          dataset: `${total} events, ${ACCOUNTS} accounts, ${flushAt}/batch`,
        },
      ],
    };
  } finally {
    await handle.close();
  }
}
