import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createApiKey } from '../../src/app/api-keys';
import { ingestBatch } from '../../src/app/ingest';
import { importCsv } from '../../src/app/ingest-csv';
import { addDays, isoDayFromDate } from '../../src/domain/dates';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer } from '../../src/http/server';
import { createLogger } from '../../src/log';
import { BENCH_URL, freshBenchDatabase, timed } from './bench-db';
import type { BenchResult } from './figures';

// 1,000,000 daily usage rows (1,000 accounts × 1,000 days) loaded three ways into an empty
// usage_daily on real Postgres: COPY (the floor), `tend import` (CSV) and the HTTP API.
// `--rows N` loads fewer (N / 1,000 days), for a quicker run on a busy machine.

const ACCOUNTS = 1_000;
const DAYS = 1_000;
const API_BATCH = 10_000;
const API_CONCURRENCY = 2;

function url(): string {
  const u = new URL(BENCH_URL);
  u.pathname = '/tend_bench_ingest';
  return u.toString();
}

function* usageRows(lastDay: string, days: number) {
  for (let d = 0; d < days; d++) {
    const day = addDays(lastDay, -d);
    for (let a = 0; a < ACCOUNTS; a++) {
      const active = (a * 7 + d * 13) % 200;
      yield { a, day, active, seats: 250, logins: active * 3, used: a % 10, total: 10 };
    }
  }
}

function parseRows(args: string[]): number {
  const at = args.indexOf('--rows');
  if (at < 0) return ACCOUNTS * DAYS;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < ACCOUNTS)
    throw new Error(`--rows wants a whole number >= ${ACCOUNTS}`);
  return n;
}

/**
 * A warn-level logger that keeps its lines, so a failed request can say why (the error's class,
 * Postgres code and message) instead of a bare status, and swallowed warnings (a recompute
 * after ingest that failed) are counted in the report.
 */
function keptLog() {
  const lines: string[] = [];
  const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
  const describe = (line: string) => {
    try {
      const entry = JSON.parse(line) as {
        msg?: string;
        err?: { type?: string; code?: string; message?: string; routine?: string };
      };
      const e = entry.err;
      return e ? `${entry.msg}: ${e.type} ${e.code ?? ''} ${e.message ?? ''}`.trim() : entry.msg;
    } catch {
      return line.trim();
    }
  };
  return { log, lines, described: () => lines.map(describe) };
}

export async function main(args: string[] = []): Promise<BenchResult> {
  const days = Math.ceil(parseRows(args) / ACCOUNTS);
  const kept = keptLog();
  const fresh = await freshBenchDatabase(url());
  const handle = fresh.handle;
  const ctx = { ...fresh.ctx, log: kept.log };
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-ingest-'));
  try {
    const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({
      external_id: `acct-${a}`,
      name: `Account ${a}`,
    }));
    await ingestBatch(ctx, 'accounts', accounts);
    const ids = await ctx.db.selectFrom('accounts').select(['id', 'external_id']).execute();
    const idOf = new Map(ids.map((r) => [r.external_id, r.id]));
    const lastDay = addDays(isoDayFromDate(new Date()), -1);
    const rows = [...usageRows(lastDay, days)];
    const total = rows.length;

    const csvPath = join(dir, 'usage.csv');
    const copyPath = join(dir, 'usage-ids.csv');
    const lines = function* (withIds: boolean) {
      if (!withIds)
        yield 'account_external_id,day,active_users,seats,logins,core_features_used,core_features_total\n';
      for (const r of rows) {
        const who = withIds ? idOf.get(`acct-${r.a}`) : `acct-${r.a}`;
        yield `${who},${r.day},${r.active},${r.seats},${r.logins},${r.used},${r.total}\n`;
      }
    };
    await pipeline(Readable.from(lines(false)), createWriteStream(csvPath));
    await pipeline(Readable.from(lines(true)), createWriteStream(copyPath));
    const reset = () => sql`truncate usage_daily`.execute(ctx.db);

    // Floor: COPY of the same rows (account ids already resolved) on one connection.
    await reset();
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    const [copyMs] = await timed(() =>
      pipeline(
        createReadStream(copyPath),
        client.query(
          copyFrom(
            'copy usage_daily (account_id, day, active_users, seats, logins, core_features_used, core_features_total) from stdin with (format csv)',
          ),
        ),
      ),
    );
    await client.end();

    await reset();
    const [csvMs, report] = await timed(() => importCsv(ctx, 'usage', createReadStream(csvPath)));
    if (report.written !== total) throw new Error(`csv wrote ${report.written} of ${total}`);
    const [csvAgainMs] = await timed(() => importCsv(ctx, 'usage', createReadStream(csvPath)));

    await reset();
    const server = createHttpServer(apiV1Routes(ctx), kept.log);
    const base = (await server.listen(0, '127.0.0.1')).url;
    const { key } = await createApiKey(ctx, `bench-${Date.now()}`);
    const bodies: string[] = [];
    for (let i = 0; i < total; i += API_BATCH) {
      const batch = rows.slice(i, i + API_BATCH).map((r) => ({
        account_external_id: `acct-${r.a}`,
        day: r.day,
        active_users: r.active,
        seats: r.seats,
        logins: r.logins,
        core_features_used: r.used,
        core_features_total: r.total,
      }));
      bodies.push(JSON.stringify({ rows: batch }));
    }
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${base}/api/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body,
        });
        if (response.status !== 200) {
          const said = (await response.text()).slice(0, 300);
          throw new Error(
            `API answered ${response.status} ${said}\nserver log:\n  ${kept.described().join('\n  ')}`,
          );
        }
        await response.arrayBuffer();
      }
    };
    const [apiMs] = await timed(() => Promise.all(Array.from({ length: API_CONCURRENCY }, worker)));
    await server.close();
    const stored = await sql<{ n: number }>`select count(*) as n from usage_daily`.execute(ctx.db);
    if (Number(stored.rows[0]?.n) !== total) throw new Error('API did not store every row');

    const rate = (msTaken: number) => Math.round(total / (msTaken / 1000));
    const line = (label: string, msTaken: number) =>
      `${label.padEnd(44)} ${String(rate(msTaken).toLocaleString('en')).padStart(10)} rows/s` +
      `  ${(msTaken / 1000).toFixed(2).padStart(6)} s  ${((copyMs / msTaken) * 100).toFixed(0)}% of COPY`;
    console.log(
      `ingest: ${total.toLocaleString('en')} usage rows (${ACCOUNTS} accounts × ${days} days), empty table, real Postgres`,
    );
    console.log(line('COPY FROM STDIN (floor, ids resolved)', copyMs));
    console.log(line('tend import usage (CSV, one transaction)', csvMs));
    console.log(
      line(`API POST /api/v1/usage (${API_BATCH}/batch, ${API_CONCURRENCY} in flight)`, apiMs),
    );
    console.log(line('tend import again (all rows unchanged)', csvAgainMs));
    // Warnings a run survived (a recompute after ingest that lost a deadlock is only logged).
    if (kept.lines.length > 0) {
      console.log(`server warnings: ${kept.lines.length}\n  ${kept.described().join('\n  ')}`);
    }
    // rows/s as printed, so value / baseline is the share of COPY.
    const copy = { what: 'COPY (floor)', value: rate(copyMs) };
    const dataset = `${total} usage rows, ${ACCOUNTS} accounts`;
    const figure = (what: string, msTaken: number) => ({
      what,
      value: rate(msTaken),
      unit: 'rows/s',
      baseline: copy,
      dataset,
    });
    return {
      figures: [
        figure('import usage (CSV)', csvMs),
        figure('API /api/v1/usage batches', apiMs),
        figure('import again, unchanged', csvAgainMs),
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await handle.close();
  }
}
