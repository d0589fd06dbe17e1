import { sql } from 'kysely';
import { createApiKey } from '../../src/app/api-keys';
import { ingestBatch } from '../../src/app/ingest';
import { createOutboxWorker } from '../../src/delivery/worker';
import { isoDayFromDate } from '../../src/domain/dates';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer } from '../../src/http/server';
import { allJobs } from '../../src/jobs/definitions';
import { createScheduler } from '../../src/jobs/scheduler';
import { SIGNAL_POLL_MS, startSignalPoller } from '../../src/jobs/signal-poller';
import { silentLogger } from '../../src/log';
import { BENCH_URL, freshBenchDatabase } from './bench-db';
import type { BenchResult } from './figures';

// `npm run bench -- freshness [--signals N] [--spread-s S] [--tick-s T]`: ingest-to-post
// latency of signals that cross a rule. N accounts (default 1,000), each with its own Slack
// channel, get one detractor NPS answer each through POST /api/v1/surveys, spread evenly over
// S seconds (default 120). Rule checks run as deployed: the per-minute signals job (node-cron,
// job_runs claim) and the poller between its ticks (every 10 s; --tick-s T sets it). The outbox
// worker sends to a recorder. Latency: the answer's 200 → the worker's post.
// Baseline, same run: when each signal would have reached chat with only the hourly risk job
// (the next full hour after its ingestion; posting time left out, which favours the baseline).

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number`);
  return n;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function main(args: string[] = []): Promise<BenchResult> {
  const signals = flag(args, '--signals', 1_000);
  const spreadMs = flag(args, '--spread-s', 120) * 1000;
  const tickS = args.includes('--tick-s') ? flag(args, '--tick-s', 60) : null;
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_freshness';
  const { handle, ctx } = await freshBenchDatabase(url.toString());
  const stops: (() => Promise<void>)[] = [];
  try {
    const names = Array.from({ length: signals }, (_, i) => `fresh-${i}`);
    for (let i = 0; i < names.length; i += 5000) {
      await ingestBatch(
        ctx,
        'accounts',
        names.slice(i, i + 5000).map((n) => ({ external_id: n, name: n, slack_channel: `C${n}` })),
      );
    }
    // The accounts' own checks are set-up, not the signals measured.
    await sql`delete from pending_rule_checks`.execute(ctx.db);

    const ingestedAt = new Map<string, number>();
    const latencies: number[] = [];
    const posted = new Set<string>();
    const baseline: number[] = [];
    let resolveDone: () => void = () => {};
    const done = new Promise<void>((r) => {
      resolveDone = r;
    });
    const worker = createOutboxWorker(ctx, {
      instance: 'bench-freshness',
      pollMs: 200,
      senders: {
        slack: {
          async post(channelId) {
            // An account's first post only: a detractor also opens its loop card in the same
            // channel, and a second post counted as another signal would hide a missing one.
            const name = channelId.slice(1);
            const at = ingestedAt.get(name);
            if (at !== undefined && !posted.has(name)) {
              posted.add(name);
              latencies.push(Date.now() - at);
              if (latencies.length === signals) resolveDone();
            }
            return { messageRef: `${channelId}:${Date.now()}` };
          },
          async update() {},
        },
      },
    });
    worker.start();
    stops.push(() => worker.stop());
    // As deployed (jobs/service.ts): the per-minute signals job and the poller between ticks.
    const scheduler = createScheduler(
      ctx,
      allJobs().filter((j) => j.name === 'signals'),
      { instance: 'bench-freshness' },
    );
    stops.push(() => scheduler.stop());
    const poller = startSignalPoller(ctx, tickS === null ? SIGNAL_POLL_MS : tickS * 1000);
    stops.push(() => poller.stop());

    const server = createHttpServer(apiV1Routes(ctx), silentLogger);
    const base = (await server.listen(0, '127.0.0.1')).url;
    stops.push(() => server.close());
    const { key } = await createApiKey(ctx, `bench-${Date.now()}`);
    const today = isoDayFromDate(new Date());
    console.log(
      `${signals} detractor answers over ${sec(spreadMs)} into ${handle.where}; rule checks every ${tickS === null ? SIGNAL_POLL_MS / 1000 : tickS} s and by the per-minute signals job`,
    );
    const start = Date.now();
    await Promise.all(
      names.map(async (name, i) => {
        await new Promise((r) => setTimeout(r, (i * spreadMs) / signals));
        // Counted from the request, not its answer: a post may land before the answer is read.
        const sentAt = Date.now();
        ingestedAt.set(name, sentAt);
        const res = await fetch(`${base}/api/v1/surveys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            rows: [
              {
                external_id: `nps-${name}`,
                account_external_id: name,
                kind: 'nps',
                score: 3,
                answered_on: today,
              },
            ],
          }),
        });
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}`);
        await res.arrayBuffer();
        const now = sentAt;
        baseline.push(Math.ceil(now / 3_600_000) * 3_600_000 - now);
      }),
    );
    const deadline = spreadMs + 5 * 60_000;
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline).unref());
    if ((await Promise.race([done, timeout])) === 'timeout') {
      console.log(`only ${latencies.length} of ${signals} posted within ${sec(deadline)}`);
    }
    console.log(`ran ${sec(Date.now() - start)}`);
    console.log('| figure | p50 | p99 | max | posted |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| ingest → post (fresh signals) | ${sec(percentile(latencies, 50))} | ${sec(percentile(latencies, 99))} | ${sec(Math.max(...latencies))} | ${latencies.length}/${signals} |`,
    );
    console.log(
      `| baseline: next hourly risk run | ${sec(percentile(baseline, 50))} | ${sec(percentile(baseline, 99))} | ${sec(Math.max(...baseline))} | — |`,
    );
    const dataset = `${latencies.length}/${signals} signals posted`;
    return {
      figures: [50, 99].map((p) => ({
        what: `ingest → post p${p}`,
        value: percentile(latencies, p),
        unit: 'ms',
        baseline: { what: 'next hourly risk run', value: percentile(baseline, p) },
        dataset,
      })),
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await handle.close();
  }
}
