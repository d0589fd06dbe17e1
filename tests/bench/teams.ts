import { sql } from 'kysely';
import { runChatCommand } from '../../src/app/chat-commands';
import { seedDemo } from '../../src/app/seed';
import { startBotConnectorStandIn } from '../../src/chat/local/bot-connector-stand-in';
import { teamsRoutes } from '../../src/chat/teams/http';
import { createHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { BENCH_URL, freshBenchDatabase, median, ms, timed } from './bench-db';
import type { BenchResult } from './figures';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs `total` calls of `one(i)` with `concurrency` in flight; each call's latency in ms. */
async function drive(total: number, concurrency: number, one: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await one(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  return { p50: median(latencies), p99, rps: total / seconds };
}

/**
 * `npm run bench -- teams [--accounts N] [--requests R] [--concurrency C]`: `health <name>` as a
 * Teams personal-chat message over /api/messages (CloudAdapter, reply to a Bot Connector
 * stand-in, Postgres with N accounts), against the same use case called directly in the same
 * run: what the Bot Framework adapter and HTTP add per message.
 */
export async function main(args: string[]): Promise<BenchResult> {
  const accounts = Number(flag(args, '--accounts') ?? 5000);
  const requests = Number(flag(args, '--requests') ?? 2000);
  const concurrency = Number(flag(args, '--concurrency') ?? 16);
  const url = new URL(process.env.BENCH_DATABASE_URL ?? BENCH_URL);
  url.pathname = '/tend_bench_teams';
  const { handle, ctx } = await freshBenchDatabase(url.toString());
  const standIn = await startBotConnectorStandIn();
  const server = createHttpServer(teamsRoutes(ctx), silentLogger);
  try {
    console.log(`seeding ${accounts} accounts into ${handle.where} …`);
    const [seedMs] = await timed(() => seedDemo(ctx, { accounts, days: 30, seed: 7 }));
    await sql`analyze`.execute(ctx.db);
    console.log(`seeded in ${ms(seedMs)}`);
    const names = (
      await sql<{
        name: string;
      }>`select name from accounts order by md5(id::text) limit 500`.execute(ctx.db)
    ).rows.map((r) => r.name);
    standIn.members.set('29:bench', { id: '29:bench', name: 'Bench', email: 'bench@tend.test' });
    const base = (await server.listen(0, '127.0.0.1')).url;
    const user = { id: '29:bench', email: 'bench@tend.test', name: 'Bench' };

    const direct = (i: number) =>
      runChatCommand(ctx, {
        platform: 'teams',
        user,
        channelId: null,
        text: `health ${names[i % names.length]}`,
        requestKey: `direct-${i}`,
      }).then(() => undefined);
    const overTeams = async (i: number) => {
      const res = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `bench-${i}`,
          channelId: 'msteams',
          serviceUrl: standIn.url,
          from: { id: '29:bench', name: 'Bench' },
          recipient: { id: '28:tend', name: 'Tend' },
          conversation: { id: 'a:bench', conversationType: 'personal' },
          text: `health ${names[i % names.length]}`,
        }),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer();
    };
    // Warm both paths (JIT, pools, the member cache) before measuring. Every name once: the
    // first ask of an account in a day also draws its chart (kept for the day), which is not
    // the steady state a team sees after its morning.
    await drive(names.length, concurrency, direct);
    await drive(names.length, concurrency, overTeams);
    const d = await drive(requests, concurrency, direct);
    const t = await drive(requests, concurrency, overTeams);
    const bytes = JSON.stringify(standIn.calls.at(-1)?.body ?? {}).length;

    console.log(
      `\nteams health <name> — ${accounts} accounts in real Postgres, ${requests} requests, ${concurrency} in flight, reply ${bytes} bytes`,
    );
    const row = (label: string, r: typeof d) =>
      console.log(
        `  ${label.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ${r.rps.toFixed(0).padStart(6)} req/s`,
      );
    row('use case called directly', d);
    row('Teams: /api/messages + reply', t);
    console.log(
      `  ratios: p50 ${(t.p50 / d.p50).toFixed(2)}×, p99 ${(t.p99 / d.p99).toFixed(2)}×, throughput ${((100 * t.rps) / d.rps).toFixed(0)}% of direct`,
    );
    const dataset = `${accounts} accounts, ${requests} requests, ${concurrency} in flight`;
    const viaUseCase = (what: string, value: number) => ({
      what: `use case directly, ${what}`,
      value,
    });
    return {
      figures: [
        {
          what: 'health over /api/messages',
          value: t.rps,
          unit: 'req/s',
          baseline: viaUseCase('req/s', d.rps),
          dataset,
        },
        {
          what: 'health over /api/messages p50',
          value: t.p50,
          unit: 'ms',
          baseline: viaUseCase('p50', d.p50),
          dataset,
        },
        {
          what: 'health over /api/messages p99',
          value: t.p99,
          unit: 'ms',
          baseline: viaUseCase('p99', d.p99),
          dataset,
        },
      ],
    };
  } finally {
    await server.close();
    await standIn.close();
    await handle.close();
  }
}
