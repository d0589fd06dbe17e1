import autocannon from 'autocannon';
import { t } from '../../src/cards/i18n/t';
import { signSlackRequest as sign } from '../../src/chat/local/slack-signing';
import type { DB } from '../../src/db/schema';
import { commandBody, SIGNING_SECRET } from '../helpers/slack-signing';
import { cpuBetween, postgresCpuMs, processCpuMs } from './cpu';

let seq = 0;
/** A freshly signed `/health <name>` (new timestamp and trigger_id each time). */
export function signedHealth(names: string[]) {
  const name = names[seq++ % names.length]!;
  const body = commandBody({
    command: '/health',
    text: name,
    user_id: 'U0BENCH',
    trigger_id: `bench.${seq}`,
    response_url: 'http://127.0.0.1:9/unused',
  });
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(SIGNING_SECRET, ts, body),
    },
  };
}

/**
 * What a 200 can carry that is not the card: the late ack, and the failure notices (a pool
 * that cannot hand out a connection in time on an overloaded machine answers "temporarily
 * unavailable"). Counted apart, so a run never counts them as served cards.
 */
const NOT_A_CARD = [
  t('en', 'error.workingOnIt'),
  t('en', 'error.unavailableTitle'),
  t('en', 'error.sorry'),
].map((text) => JSON.stringify(text).slice(1, -1));

/** One load window on one server: every 2xx latency, and the CPU it cost. */
export interface Window {
  latencies: number[];
  seconds: number;
  ok: number;
  errors: number;
  /** 200s that were not the card (late acks, failure notices): in `ok` too. */
  notCards: number;
  /** CPU ms of the server process and of Postgres's backends on the database, or null. */
  cpu: number | null;
  dbCpu: number | null;
}

export interface Watch {
  pid: number | undefined;
  db: DB;
  database: string;
}

/**
 * Signed `/health <name>` at `connections` for `seconds` (or `amount` requests). Latencies are
 * kept one by one (from autocannon's response events) so that windows of a server taken at
 * different times can be merged into one distribution.
 */
export async function load(
  url: string,
  names: string[],
  seconds: number,
  connections: number,
  watch?: Watch,
  amount?: number,
): Promise<Window> {
  const cpu0 = processCpuMs(watch?.pid);
  const db0 = watch ? await postgresCpuMs(watch.db, watch.database) : new Map<number, number>();
  const latencies: number[] = [];
  let notCards = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/slack/events`,
        connections,
        ...(amount ? { amount } : { duration: seconds }),
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({ ...req, ...signedHealth(names) }),
            onResponse: (status, body) => {
              if (status === 200 && NOT_A_CARD.some((text) => body.includes(text))) notCards++;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpu1 = processCpuMs(watch?.pid);
  const db1 = watch ? await postgresCpuMs(watch.db, watch.database) : new Map<number, number>();
  return {
    latencies,
    seconds: elapsed,
    ok: result['2xx'],
    errors: result.non2xx + result.errors + result.timeouts,
    notCards,
    cpu: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
    dbCpu: db1.size > 0 ? cpuBetween(db0, db1) : null,
  };
}

export interface Measured {
  p50: number;
  p99: number;
  rps: number;
  ok: number;
  errors: number;
  notCards: number;
  /** CPU ms per answered request: the server process, and Postgres's backends for it. */
  cpu: number | null;
  dbCpu: number | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Windows of one server merged: all latencies in one distribution, requests over time. */
export function merged(windows: Window[]): Measured {
  const all = windows.flatMap((w) => w.latencies).sort((a, b) => a - b);
  const ok = windows.reduce((n, w) => n + w.ok, 0);
  const seconds = windows.reduce((n, w) => n + w.seconds, 0);
  const sum = (pick: (w: Window) => number | null) =>
    windows.every((w) => pick(w) !== null) ? windows.reduce((n, w) => n + pick(w)!, 0) : null;
  const cpu = sum((w) => w.cpu);
  const dbCpu = sum((w) => w.dbCpu);
  return {
    p50: Math.round(percentile(all, 50) * 10) / 10,
    p99: Math.round(percentile(all, 99) * 10) / 10,
    rps: seconds > 0 ? ok / seconds : 0,
    ok,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    notCards: windows.reduce((n, w) => n + w.notCards, 0),
    cpu: cpu !== null && ok > 0 ? cpu / ok : null,
    dbCpu: dbCpu !== null && ok > 0 ? dbCpu / ok : null,
  };
}
