import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { type Card, rich } from '../../src/cards/model';
import { enqueue, outboxCounts } from '../../src/store/outbox';
import type { NewMessage as OutboxMessage } from '../../src/store/outbox-message';
import { freshBenchDatabase } from './bench-db';
import { cpuBetween, postgresCpuMs, processCpuMs } from './cpu';
import type { BenchResult, Figure } from './figures';
import { startStubProcess } from './slack-stub-process';
import type { StubReport } from './slack-stub-thread';

type NewMessage = OutboxMessage<Card>;

// `npm run bench -- delivery [channels] [perChannel] [--outage-s N] [--only clean|faults] [--warm N]`: 3 replicas (child
// processes) deliver channels × perChannel messages (default 1,000 × 10) to a Slack stand-in
// that enforces 1 message/s per channel with bursts of 3 (its 429s carry Retry-After).
//   clean run: throughput as a share of what the stand-in allows, the same schedule computed
//              for a sender that never waits (the baseline): from the enqueue (made once all
//              replicas are ready) to the last post, and steady state (first post to last);
//   fault run: the same load with 2% 503s, 0.5% hung calls, Slack down for N s (default 180)
//              and one replica SIGKILLed mid-delivery, then restarted.
// Reports lost, duplicated and out-of-order messages from what the stand-in received, and where
// the machine's CPU went (replicas, Postgres, the stand-in: all share the same cores).
// --warm N: N other channels get a message each, sent before the clock starts, so the replicas'
// code, pools and connections are warm, as a long-running replica's are.

const RATE = { rate: 1, burst: 3 };
const REPLICA = resolve(import.meta.dirname, '../helpers/outbox-replica.ts');

function messages(run: string, channels: number, per: number): NewMessage[] {
  const out: NewMessage[] = [];
  for (let k = 0; k < per; k++) {
    for (let c = 0; c < channels; c++) {
      const text = `${run}|${c}|${k}`;
      out.push({
        platform: 'slack',
        channelId: `C${run}${c}`,
        dedupeKey: text,
        payload: {
          op: 'post',
          kind: 'bench',
          card: { title: text, fallback: text, blocks: [{ type: 'text', text: rich('x') }] },
        },
      });
    }
  }
  return out;
}

/**
 * Per replica: CPU milliseconds used and statements sent to the database when it said ready,
 * and when it stopped (if it did).
 */
const cpuMs = new Map<
  string,
  { ready: number; readyStatements: number; stopped?: number; statements?: number }
>();

function spawnReplica(url: string, apiUrl: string, name: string): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir>: each replica writes a V8 CPU profile there when it stops.
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', REPLICA, url, apiUrl, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    for (const [, what, ms, n] of d.toString().matchAll(/(ready|cpu) (\d+) statements (\d+)/g)) {
      if (what === 'ready') cpuMs.set(name, { ready: Number(ms), readyStatements: Number(n) });
      else
        cpuMs.set(name, {
          ...(cpuMs.get(name) ?? { ready: 0, readyStatements: 0 }),
          stopped: Number(ms),
          statements: Number(n),
        });
    }
  });
  return new Promise((ok, fail) => {
    child.stdout?.once('data', () => ok(child));
    child.once('exit', (code) => fail(new Error(`replica ${name} exited ${code}`)));
  });
}

/** Lost, duplicated and out-of-order counts for one run, from what Slack received. */
function verdict(report: StubReport, run: string, channels: number, per: number) {
  const byChannel = new Map<string, number[]>();
  for (const p of report.posts) {
    const [r, c, k] = p.text.split('|');
    if (r !== run) continue;
    const list = byChannel.get(c as string) ?? [];
    list.push(Number(k));
    byChannel.set(c as string, list);
  }
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (let c = 0; c < channels; c++) {
    const got = byChannel.get(String(c)) ?? [];
    const unique = new Set(got);
    duplicated += got.length - unique.size;
    lost += per - unique.size;
    // First arrival of each message, in arrival order: each must be the next one expected.
    const firsts = got.filter((k, i) => got.indexOf(k) === i);
    outOfOrder += firsts.filter((k, i) => k !== i).length > 0 ? 1 : 0;
  }
  return { lost, duplicated, outOfOrderChannels: outOfOrder };
}

async function waitSent(
  ctx: Awaited<ReturnType<typeof freshBenchDatabase>>['ctx'],
  total: number,
  limitMs: number,
) {
  const t0 = performance.now();
  for (;;) {
    const c = await outboxCounts(ctx.db);
    if (c.sent + c.failed >= total) return { ms: performance.now() - t0, ...c };
    if (performance.now() - t0 > limitMs) return { ms: Number.NaN, ...c };
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function main(args: string[]): Promise<BenchResult> {
  // Sizes are the bare numbers that are not a flag's value (`--outage-s 20` is not a size).
  const nums = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')).map(Number);
  const channels = nums[0] ?? 1000;
  const per = nums[1] ?? 10;
  const oi = args.indexOf('--outage-s');
  const outageS = oi >= 0 ? Number(args[oi + 1]) : 180;
  const only = args.indexOf('--only') >= 0 ? args[args.indexOf('--only') + 1] : undefined;
  const wi = args.indexOf('--warm');
  const warm = wi >= 0 ? Number(args[wi + 1]) : 0;
  const total = channels * per;
  // What the stand-in allows: a channel's burst at once, then one a second.
  const allowedMs = Math.max(0, per - RATE.burst) * 1000;
  console.log(
    `delivery: ${channels} channels × ${per} messages = ${total}, 3 replicas, stand-in ${RATE.rate}/s per channel, bursts of ${RATE.burst}`,
  );

  const figures: Figure[] = [];
  for (const run of ['clean', 'faults'] as const) {
    if (only && only !== run) continue;
    const { handle, ctx } = await freshBenchDatabase();
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tend_bench';
    // In its own process, as Slack is a remote service (see slack-stub-process.ts).
    const stub = await startStubProcess(
      RATE,
      run === 'faults' ? { faults: { errorRate: 0.02, hangRate: 0.005 } } : {},
    );
    // Every replica up and polling before the first message exists: the clock measures
    // delivery, not how long three processes take to start.
    cpuMs.clear();
    const replicas = await Promise.all([0, 1, 2].map((i) => spawnReplica(url, stub.url, `r${i}`)));
    // --warm N: N other channels get one message each first, delivered before the clock starts.
    if (warm > 0) {
      await enqueue(ctx.db, messages('warm', warm, 1), new Date());
      await waitSent(ctx, warm, 60_000);
    }
    const dbName = new URL(url).pathname.slice(1);
    const pgBefore = await postgresCpuMs(ctx.db, dbName);
    const stubBefore = processCpuMs(stub.pid) ?? 0;
    const selfBefore = process.cpuUsage();
    await enqueue(ctx.db, messages(run, channels, per), new Date());
    const enqueuedAt = performance.timeOrigin + performance.now();
    let timers: NodeJS.Timeout[] = [];
    if (run === 'faults') {
      timers = [
        setTimeout(() => {
          replicas[0]?.kill('SIGKILL');
          console.log('  t=3 s: replica r0 SIGKILLed');
          void spawnReplica(url, stub.url, 'r0b').then((r) => replicas.push(r));
        }, 3_000),
        setTimeout(() => {
          stub.setDown(true);
          console.log(`  t=5 s: Slack down for ${outageS} s`);
        }, 5_000),
        setTimeout(() => stub.setDown(false), 5_000 + outageS * 1000),
      ];
    }
    const done = await waitSent(ctx, total + warm, 15 * 60_000 + outageS * 1000);
    for (const t of timers) clearTimeout(t);
    // Where the machine's CPU went, read before the replicas stop (their backends then exit).
    const pgCpu = cpuBetween(pgBefore, await postgresCpuMs(ctx.db, dbName));
    const stubCpu = (processCpuMs(stub.pid) ?? 0) - stubBefore;
    const self = process.cpuUsage(selfBefore);
    const selfCpu = (self.user + self.system) / 1000;
    await Promise.all(
      replicas.map(
        (r) =>
          new Promise<void>((resolve) => {
            if (r.exitCode !== null || r.signalCode !== null) return resolve();
            r.once('exit', () => resolve());
            r.kill('SIGTERM');
          }),
      ),
    );
    // From ready to stop, so loading tsx and the modules is not counted; a SIGKILLed replica
    // never reports (its share is missing from the fault run's figure).
    const cpu = [...cpuMs.values()].reduce((a, c) => a + (c.stopped ?? c.ready) - c.ready, 0);
    const statements = [...cpuMs.values()].reduce(
      (a, c) => a + (c.statements ?? c.readyStatements) - c.readyStatements,
      0,
    );
    console.log(
      `  replicas from ready to stop: CPU ${(cpu / 1000).toFixed(1)} s in all, ${((cpu * 1000) / total).toFixed(0)} µs a message; ${statements} database statements, ${(statements / total).toFixed(2)} a message (polls included)`,
    );
    const per1 = (ms: number) => `${((ms * 1000) / total).toFixed(0)} µs`;
    console.log(
      `  other CPU a message, enqueue to last sent: Postgres ${per1(pgCpu)}, Slack stand-in ${per1(stubCpu)}, this benchmark process ${per1(selfCpu)}`,
    );
    const all = await stub.report();
    const report = { ...all, posts: all.posts.filter((p) => p.text.startsWith(`${run}|`)) };
    const v = verdict(report, run, channels, per);
    const s = (done.ms / 1000).toFixed(1);
    if (run === 'clean') {
      // Where the time went: before the first post (claims, start), and each channel's span.
      const ats = report.posts.map((p) => p.at);
      const spans = new Map<string, { from: number; to: number }>();
      for (const p of report.posts) {
        const sp = spans.get(p.channel);
        spans.set(p.channel, {
          from: Math.min(sp?.from ?? p.at, p.at),
          to: Math.max(sp?.to ?? 0, p.at),
        });
      }
      if (process.env.BENCH_TIMELINE) {
        // BENCH_TIMELINE=1: posts and channels' first posts per 250 ms after the enqueue.
        const rows = new Map<number, { posts: number; firsts: number }>();
        for (const p of report.posts) {
          const slot = Math.floor((p.at - enqueuedAt) / 250);
          const r = rows.get(slot) ?? { posts: 0, firsts: 0 };
          r.posts++;
          if (spans.get(p.channel)?.from === p.at) r.firsts++;
          rows.set(slot, r);
        }
        console.log(`    enqueued at ${enqueuedAt.toFixed(0)} (epoch ms)`);
        let firsts = 0;
        for (const slot of [...rows.keys()].sort((a, b) => a - b)) {
          const r = rows.get(slot) as { posts: number; firsts: number };
          firsts += r.firsts;
          console.log(
            `    ${((slot * 250) / 1000).toFixed(2)} s: ${r.posts} posts, ${r.firsts} first posts (${firsts} channels started)`,
          );
        }
      }
      const widths = [...spans.values()].map((sp) => sp.to - sp.from).sort((a, b) => a - b);
      const starts = [...spans.values()].map((sp) => sp.from - enqueuedAt).sort((a, b) => a - b);
      const at = (list: number[], q: number) =>
        list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
      // Two figures: from the enqueue (what a user waits: claim, first post, the rest), and the
      // steady state from the first post to the last (what the senders sustain).
      const first = Math.min(...ats);
      const last = Math.max(...ats);
      const fromEnqueue = allowedMs / (last - enqueuedAt);
      const steady = allowedMs / (last - first);
      console.log(
        `  first post ${(first - enqueuedAt).toFixed(0)} ms after the enqueue; last ${((last - enqueuedAt) / 1000).toFixed(2)} s after`,
      );
      console.log(
        `  channels' first posts after the enqueue: median ${at(starts, 0.5).toFixed(0)} ms, p90 ${at(starts, 0.9).toFixed(0)} ms, last ${at(starts, 1).toFixed(0)} ms`,
      );
      console.log(
        `  posts from first to last ${((Math.max(...ats) - Math.min(...ats)) / 1000).toFixed(1)} s; a channel's first to last post: median ${(at(widths, 0.5) / 1000).toFixed(2)} s, max ${((widths[widths.length - 1] ?? 0) / 1000).toFixed(2)} s (allowed ${(allowedMs / 1000).toFixed(1)} s)`,
      );
      console.log(
        `  clean: all sent in ${s} s; the stand-in allows it in ${(allowedMs / 1000).toFixed(1)} s → ${(fromEnqueue * 100).toFixed(0)}% of the allowed rate from the enqueue, ${(steady * 100).toFixed(0)}% from the first post to the last; 429s ${report.limited}, history look-ups ${report.lookups}; lost ${v.lost}, duplicated ${v.duplicated}, out of order ${v.outOfOrderChannels} channels, failed ${done.failed}`,
      );
      // As rates (messages over seconds), so value / baseline is the share printed above.
      const allowed = { what: 'rate the stand-in allows', value: total / (allowedMs / 1000) };
      figures.push(
        {
          what: 'clean: rate from the enqueue',
          value: total / ((last - enqueuedAt) / 1000),
          unit: 'msg/s',
          baseline: allowed,
          dataset: `${total} messages`,
        },
        {
          what: 'clean: rate from the first post',
          value: total / ((last - first) / 1000),
          unit: 'msg/s',
          baseline: allowed,
          dataset: `${total} messages`,
        },
      );
    } else {
      console.log(
        `  faults: all settled in ${s} s (outage ${outageS} s); 429s ${report.limited}, hung calls ${report.hung}, history look-ups ${report.lookups}; lost ${v.lost}, duplicated ${v.duplicated}, out of order ${v.outOfOrderChannels} channels, failed ${done.failed}`,
      );
      figures.push({
        what: 'faults: all settled',
        value: done.ms,
        unit: 'ms',
        baseline: { what: 'Slack down', value: outageS * 1000 },
        dataset: `${total} messages`,
      });
    }
    // Counts with no baseline: the goal is 0 of each.
    const dataset = `${total} messages, ${channels} channels`;
    figures.push(
      { what: `${run}: lost`, value: v.lost, unit: 'messages', dataset },
      { what: `${run}: duplicated`, value: v.duplicated, unit: 'messages', dataset },
      { what: `${run}: out of order`, value: v.outOfOrderChannels, unit: 'channels', dataset },
    );
    await stub.close();
    await handle.close();
  }
  return { figures };
}
