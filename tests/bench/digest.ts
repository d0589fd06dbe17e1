import { sql } from 'kysely';
import { runDigestJob } from '../../src/app/digests';
import { createSlackSender } from '../../src/chat/slack/sender';
import { fixedClock, systemClock } from '../../src/clock';
import { createOutboxWorker } from '../../src/delivery/worker';
import { addDays } from '../../src/domain/dates';
import { outboxCounts } from '../../src/store/outbox';
import { BENCH_URL, freshBenchDatabase, ms, timed } from './bench-db';
import type { BenchResult, Figure } from './figures';
import { startThreadedStub } from './slack-stub-thread';

// `npm run bench -- digest [subscriptions] [accounts] [channels] [--compose-only]`: compose +
// enqueue 1,000 digests over 20,000 accounts (goal ≤ 5 s), with shared scopes and with every
// scope distinct (nothing shared between digests), then deliver them to a Slack stand-in that
// enforces 1 message/s per channel with bursts of 3 (goal ≥ 90% of the allowed rate, 0 lost,
// 0 duplicated). Uses its own database next to BENCH_DATABASE_URL's.

const TODAY = '2026-11-23';
const AT = '2026-11-23T09:00:30Z';
const SEGMENTS = ['enterprise', 'mid-market', 'smb', 'startup', 'public'];
const TIERS = ['gold', 'silver', 'bronze'];

export async function seed(db: Parameters<typeof runDigestJob>[0]['db'], accounts: number) {
  const ids = Array.from({ length: accounts }, (_, i) => i + 1);
  await sql`
    insert into accounts (id, external_id, name, segment, tier, arr, owner_email, renewal_date)
    select i, 'b-' || i, 'Account ' || i, (${SEGMENTS}::text[])[1 + i % 5],
      (${TIERS}::text[])[1 + i % 3], 1000 * (1 + i % 200), 'csm' || (i % 50) || '@tend.test',
      ${TODAY}::date + (i % 365)
    from unnest(${ids}::int[]) as t(i)`.execute(db);
  await sql`select setval('accounts_id_seq', ${accounts})`.execute(db);
  for (const [day, shift] of [
    [addDays(TODAY, -1), 0],
    [TODAY, 1],
  ] as const) {
    await sql`
      insert into health_snapshots (account_id, day, score, band, measures, drivers, onboarding)
      select i, ${day}::date, s, case when s >= 70 then 'green' when s >= 40 then 'yellow' else 'red' end,
        '[]'::jsonb, '[]'::jsonb, false
      from (select i, greatest(0, least(100, 20 + (i * 37) % 80 - ${shift}::int * (i % 11) * 3)) as s
            from unnest(${ids}::int[]) as t(i)) x`.execute(db);
  }
  await sql`
    insert into alerts (account_id, rule, summary, fired_at, severity)
    select i, 'inactivity', 'no login for 20 days', now() - interval '2 hours',
      case when i % 2 = 0 then 'critical' else 'warning' end
    from unnest(${ids}::int[]) as t(i) where i % 10 = 0`.execute(db);
  await sql`
    insert into follow_ups (account_id, title, owner_email, due_on, created_by)
    select i, 'call the sponsor', 'csm' || (i % 50) || '@tend.test', ${TODAY}::date - 1 - i % 20, 'bench'
    from unnest(${ids}::int[]) as t(i) where i % 10 = 5`.execute(db);
}

export async function subscribe(
  db: Parameters<typeof runDigestJob>[0]['db'],
  n: number,
  channels: number,
  offset = 0,
) {
  const rows = Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const filters =
      i % 4 === 0
        ? { segment: SEGMENTS[i % 5] }
        : i % 4 === 1
          ? { tier: TIERS[i % 3], minArr: 50_000 }
          : i % 4 === 2
            ? { owner: `csm${i % 50}@tend.test` }
            : {};
    return {
      platform: 'slack' as const,
      channel_id: `C${String(i % channels).padStart(4, '0')}`,
      kind: 'digest' as const,
      filters: JSON.stringify(filters),
      at_time: '09:00',
      timezone: 'UTC',
      weekdays_only: false,
      last_sent_at: new Date('2026-11-22T09:00:00Z'),
      created_by: 'bench',
    };
  });
  await db.insertInto('channel_subscriptions').values(rows).execute();
}

export async function main(argv: string[]): Promise<BenchResult> {
  // `--compose-only` skips the delivery phase (for profiling the composition).
  const composeOnly = argv.includes('--compose-only');
  const args = argv.filter((a) => !a.startsWith('--'));
  const subs = Number(args[0] ?? 1000);
  const accounts = Number(args[1] ?? 20_000);
  const channels = Number(args[2] ?? 50);
  const url = new URL(BENCH_URL);
  url.pathname = `${url.pathname}_digest`;
  const { handle, ctx: base } = await freshBenchDatabase(url.toString());
  const ctx = { ...base, clock: fixedClock(AT) };
  try {
    await seed(ctx.db, accounts);
    // Baseline: the same job with one subscription (mostly the portfolio load).
    await subscribe(ctx.db, 1, channels, subs);
    const [oneMs, one] = await timed(() => runDigestJob(ctx));
    await sql`truncate outbox`.execute(ctx.db);
    await subscribe(ctx.db, subs, channels);
    const [allMs, all] = await timed(() => runDigestJob(ctx));
    console.log(`digest compose+enqueue (${accounts} accounts, PostgreSQL ${handle.where})`);
    console.log(`  baseline, 1 subscription:   ${ms(oneMs)} (${one.digests} digest)`);
    console.log(
      `  ${subs} subscriptions:        ${ms(allMs)} (${all.digests} digests, ${all.messages} enqueued) = ${(allMs / oneMs).toFixed(1)}× the baseline for ${subs}× the digests; goal ≤ 5000 ms: ${allMs <= 5000 ? 'met' : 'MISSED'}`,
    );
    // Worst case: every subscription its own scope, so nothing is shared between digests.
    await sql`truncate outbox`.execute(ctx.db);
    await sql`update channel_subscriptions set last_sent_at = '2026-11-22T09:00:00Z',
      filters = jsonb_build_object('minArr', id * 10)`.execute(ctx.db);
    const [uniqueMs, unique] = await timed(() => runDigestJob(ctx));
    console.log(
      `  ${subs} distinct scopes:       ${ms(uniqueMs)} (${unique.digests} digests) = ${(uniqueMs / oneMs).toFixed(1)}× the baseline; goal ≤ 5000 ms: ${uniqueMs <= 5000 ? 'met' : 'MISSED'}`,
    );
    const dataset = `${accounts} accounts, ${subs} subscriptions`;
    const single = { what: '1 subscription', value: oneMs };
    const figures: Figure[] = [
      { what: 'digest compose+enqueue', value: allMs, unit: 'ms', baseline: single, dataset },
      { what: 'digest, distinct scopes', value: uniqueMs, unit: 'ms', baseline: single, dataset },
    ];
    if (composeOnly) return { figures };
    await sql`truncate outbox`.execute(ctx.db);
    await sql`update channel_subscriptions set last_sent_at = '2026-11-22T09:00:00Z'`.execute(
      ctx.db,
    );
    await runDigestJob(ctx);

    const stub = await startThreadedStub({ rate: 1, burst: 3 });
    const worker = createOutboxWorker(
      { ...ctx, clock: systemClock },
      {
        instance: 'bench',
        senders: { slack: createSlackSender({ token: 'xoxb-bench', apiUrl: stub.url }) },
        pace: { slack: { rate: 1, burst: 3 } },
        pollMs: 20,
      },
    );
    // Rows were enqueued at the fixed instant; make them due now on the real clock.
    await sql`update outbox set next_attempt_at = now()`.execute(ctx.db);
    const total = (await outboxCounts(ctx.db)).pending;
    const started = performance.now();
    worker.start();
    while ((await outboxCounts(ctx.db)).pending > 0) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const report = await stub.report();
    await stub.close();
    const perChannel = Math.ceil(total / channels);
    const idealSeconds = Math.max(1e-3, perChannel - 3); // bursts of 3, then 1 per second
    const allowed = total / idealSeconds;
    const achieved = total / seconds;
    const keys = report.posts.map((p) => `${p.channel}:${p.ts}`);
    const distinct = new Set(report.posts.map((p) => `${p.channel}:${p.text}`)).size;
    const counts = await outboxCounts(ctx.db);
    console.log(
      `delivery to a stand-in enforcing 1 msg/s per channel, bursts of 3 (${channels} channels)`,
    );
    console.log(
      `  allowed rate (baseline):    ${allowed.toFixed(1)} msg/s (${total} messages, ≥ ${idealSeconds} s)`,
    );
    console.log(
      `  achieved:                   ${achieved.toFixed(1)} msg/s in ${seconds.toFixed(1)} s = ${((achieved / allowed) * 100).toFixed(1)}% of allowed; goal ≥ 90%: ${achieved / allowed >= 0.9 ? 'met' : 'MISSED'}`,
    );
    const times = report.posts.map((p) => p.at);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    console.log(
      `  as the stand-in saw it:     ${(total / span).toFixed(1)} msg/s from first to last post (${span.toFixed(1)} s) = ${((total / span / allowed) * 100).toFixed(1)}% of allowed`,
    );
    console.log(
      `  posts ${keys.length}, sent rows ${counts.sent}, failed ${counts.failed}, lost ${total - counts.sent}, duplicated ${keys.length - counts.sent}, distinct (channel, digest) pairs ${distinct}, 429s answered ${report.limited}`,
    );
    figures.push({
      what: 'digest delivery rate (msg/s)',
      value: achieved,
      unit: 'msg/s',
      baseline: { what: 'allowed by the stand-in', value: allowed },
      dataset: `${total} messages, ${channels} channels`,
    });
    return { figures };
  } finally {
    await handle.close();
  }
}
