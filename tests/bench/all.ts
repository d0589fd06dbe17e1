import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { BENCH_URL } from './bench-db';
import { benches } from './benches';
import type { Figure } from './figures';
import type { RecomputeFigures } from './recompute';
import type { ScaleRow } from './scale';
import type { StartupFigures } from './startup';

const OUT = resolve(import.meta.dirname, '../../docs/benchmarks.md');

/**
 * The set `all` runs, in order, with arguments for the quiet full run and for `--tiny` (a check
 * that everything runs and the file is written, in a few minutes). `minutes`: what each is
 * expected to take at the full arguments on a quiet 2-core VM with real Postgres, so the set
 * stays well under 30 minutes (bigger sizes are each bench's own flags, listed in the file's
 * header). Estimated from CPU seconds measured on a busy machine (seed 20k × 180: 12 s node +
 * 46 s Postgres; the stats year at 5,000 accounts: ~30 s of Postgres on one connection), the
 * fixed waits (startup's 30 s settles, freshness's 120 s spread) and the README's quiet figures;
 * the first quiet full run's elapsed column should replace them. stats takes 100 runs, not 200
 * (a minute less; its p99 is still the 99th of 100). Benches not in benches.ts are skipped.
 */
const ALL_RUNS: { name: string; args: string[]; tiny: string[]; minutes: number }[] = [
  {
    name: 'recompute',
    args: [],
    tiny: ['--accounts', '500', '--days', '60', '--rounds', '1'],
    minutes: 3.5,
  },
  { name: 'seed', args: [], tiny: ['--accounts', '300', '--days', '30'], minutes: 1.5 },
  { name: 'ingest', args: [], tiny: ['--rows', '10000'], minutes: 1 },
  {
    name: 'slack',
    args: [],
    tiny: ['--accounts', '500', '--days', '30', '--seconds', '2'],
    minutes: 2,
  },
  { name: 'teams', args: [], tiny: ['--accounts', '500', '--requests', '100'], minutes: 1 },
  { name: 'digest', args: [], tiny: ['20', '500', '5', '--compose-only'], minutes: 1 },
  {
    name: 'delivery',
    args: ['--only', 'clean'],
    tiny: ['20', '5', '--only', 'clean'],
    minutes: 0.5,
  },
  { name: 'track', args: ['--events', '200000'], tiny: ['--events', '2000'], minutes: 1 },
  { name: 'freshness', args: [], tiny: ['--signals', '20', '--spread-s', '5'], minutes: 2.5 },
  {
    name: 'scale',
    args: ['--sizes', '20000,60000'],
    tiny: ['--sizes', '1000,3000', '--lookups', '50'],
    minutes: 3,
  },
  { name: 'plays', args: [], tiny: ['--accounts', '500', '--rounds', '2'], minutes: 1 },
  {
    name: 'stats',
    args: ['--runs', '100'],
    tiny: ['--accounts', '300', '--runs', '10'],
    minutes: 3.5,
  },
  { name: 'charts', args: [], tiny: ['--renders', '3'], minutes: 0.5 },
  { name: 'erase', args: [], tiny: ['--rows', '2000', '--trials', '1'], minutes: 0.5 },
];

/** A bench's returned value as table rows: its own `figures`, or the known shapes below. */
function figuresOf(name: string, result: unknown): Figure[] {
  if (!result || typeof result !== 'object') return [];
  const r = result as {
    figures?: Figure[];
    recompute?: RecomputeFigures;
    startup?: StartupFigures;
    rows?: ScaleRow[];
  };
  const out: Figure[] = [...(r.figures ?? [])];
  if (r.recompute) {
    const f = r.recompute;
    const dataset = `${f.accounts} accounts, ${f.usageRows} usage rows in the window`;
    const floor = { what: 'one aggregate query (floor)', value: f.floorMs };
    out.push({
      what: 'health recompute',
      value: f.recomputeMs,
      unit: 'ms',
      baseline: floor,
      dataset,
    });
    out.push({
      what: 'recompute, same day again',
      value: f.sameDayMs,
      unit: 'ms',
      baseline: floor,
      dataset,
    });
  }
  if (r.startup) {
    const { bare, first, later, postgres, sources, buildMs } = r.startup;
    const base = { what: 'bare node http server', value: bare.readyMs };
    const rss = { what: 'bare node http server', value: bare.rssMb };
    const demo = 'demo (200 accounts × 180 days)';
    out.push({
      what: 'compiled build (postinstall step)',
      value: buildMs,
      unit: 'ms',
      baseline: base,
      dataset: 'src/ and migrations/',
    });
    for (const [label, f] of [
      ['embedded first start', first],
      ['embedded later start', later],
      ['Postgres start', postgres],
      ['embedded first start from sources (cold tsx)', sources?.first],
      ['embedded later start from sources', sources?.later],
      ['Postgres start from sources', sources?.postgres],
    ] as const) {
      if (!f) continue;
      const dataset = label.startsWith('Postgres') ? 'empty database (migrated at start)' : demo;
      out.push({ what: `${label}: ready`, value: f.readyMs, unit: 'ms', baseline: base, dataset });
      out.push({ what: `${label}: idle RSS`, value: f.rssMb, unit: 'MB', baseline: rss, dataset });
      out.push({
        what: `${label}: idle RSS, settled (30 s)`,
        value: f.settledRssMb,
        unit: 'MB',
        baseline: { what: 'bare node http server', value: bare.settledRssMb },
        dataset,
      });
    }
  }
  if (r.rows && name === 'scale') {
    const first = r.rows[0];
    for (const row of r.rows) {
      for (const [step, m] of Object.entries(row.steps)) {
        const at = first?.steps[step as keyof ScaleRow['steps']];
        out.push({
          what: `scale: ${step}`,
          value: m.ms,
          unit: 'ms',
          ...(at && first !== row
            ? { baseline: { what: `${first.accounts} accounts`, value: at.ms } }
            : {}),
          dataset: `${row.accounts} accounts (peak RSS ${m.peakRssMb} MB)`,
        });
      }
    }
  }
  return out;
}

async function machineFacts(): Promise<string[]> {
  const client = new pg.Client({ connectionString: BENCH_URL.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  const { rows } = await client.query<{ v: string }>(
    "select current_setting('server_version') as v",
  );
  await client.end();
  return [
    `- date: ${new Date().toISOString()}`,
    `- CPU: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    `- RAM: ${Math.round(totalmem() / 2 ** 30)} GB`,
    `- node ${process.version}, PostgreSQL ${rows[0]?.v}`,
  ];
}

const fmt = (n: number) =>
  Number.isInteger(n) || Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1);
const duration = (minutes: number) =>
  minutes < 1 ? `${Math.round(minutes * 60)} s` : `${minutes.toFixed(1)} min`;

/** The file's header: how to run the set, and the flags that reach past its sizes. */
function howToRun(): string[] {
  const planned = ALL_RUNS.reduce((sum, r) => sum + r.minutes, 0);
  return [
    `\`npm run bench -- all\` runs every bench with the arguments in the last table, about ${Math.round(planned)} minutes on a quiet 2-core VM (elapsed and expected per bench are in that table); \`--tiny\` runs them at toy sizes, a check that the set runs and this file is written. Each bench alone: \`npm run bench -- <name> [flags]\`. Sizes past the set's:`,
    '',
    '- `npm run bench -- scale --sizes 20000,60000,200000` (the 200,000-account step, 12 M usage rows, adds ~10 min on a quiet machine; `--days 60`, `--lookups 200`)',
    '- `npm run bench -- recompute --accounts 200000 --days 180 --no-startup` (36 M usage rows, seeded in SQL; `--reuse` keeps them)',
    '- `npm run bench -- delivery` (adds the fault run: 503s, hung calls, Slack down `--outage-s 180`, a replica killed)',
    '- `npm run bench -- track` (1,000,000 events; `--events N`, `--flush-at B`), `ingest --rows N`, `freshness --signals N --spread-s S`',
    '- `npm run bench -- stats --accounts N --runs R [--keep]`, `plays --accounts N --rounds R`, `slack --seconds S --connections C`',
    '',
    'Every database is made next to `BENCH_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/tend_bench`).',
  ];
}

/** `npm run bench -- all [--tiny]`: every bench in ALL_RUNS, then docs/benchmarks.md. */
export async function main(args: string[]): Promise<{ figures: Figure[] }> {
  const tiny = args.includes('--tiny');
  const rows: string[] = [];
  const times: string[] = [];
  const missing: string[] = [];
  const figures: Figure[] = [];
  const planned = ALL_RUNS.filter((r) => benches[r.name]).reduce((sum, r) => sum + r.minutes, 0);
  console.log(
    `all${tiny ? ' --tiny' : ''}: ${ALL_RUNS.length} benches${tiny ? '' : `, about ${Math.round(planned)} min on a quiet 2-core VM`}`,
  );
  const began = performance.now();
  for (const run of ALL_RUNS) {
    const load = benches[run.name];
    if (!load) {
      missing.push(run.name);
      continue;
    }
    const runArgs = tiny ? run.tiny : run.args;
    console.log(`\n=== bench ${run.name} ${runArgs.join(' ')}`);
    const started = performance.now();
    // One bench failing (a busy machine, a timeout) still leaves the others' figures.
    let result: unknown;
    let failure: string | null = null;
    try {
      result = await (await load()).main(runArgs);
    } catch (error) {
      console.error(error);
      failure = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    }
    const minutes = (performance.now() - started) / 60_000;
    const command = `\`${[run.name, ...runArgs].join(' ')}\``;
    times.push(
      `| ${run.name} | ${command} | ${duration(minutes)}${failure ? ' (failed)' : ''} | ${duration(run.minutes)} |`,
    );
    console.log(`=== ${run.name}: ${duration(minutes)}`);
    const found = figuresOf(run.name, result);
    if (failure) rows.push(`| ${run.name} | failed: ${failure.replaceAll('|', '/')} | | | | |`);
    else if (found.length === 0) rows.push(`| ${run.name} | (returned no figures) | | | | |`);
    for (const f of found) {
      figures.push(f);
      const r = f.baseline ? f.value / f.baseline.value : null;
      // Two significant digits for small ratios (freshness against the hourly run is ~0.00002×).
      const ratio = r === null ? '' : `${Math.abs(r) >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.what})` : '';
      rows.push(
        `| ${run.name} | ${f.what} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${f.dataset} |`,
      );
    }
  }
  const total = (performance.now() - began) / 60_000;
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench -- all${tiny ? ' --tiny' : ''}\`; every figure beside a baseline measured in the same run.${tiny ? ' **Tiny sizes: a check that the set runs, not figures to quote.**' : ''}`,
    '',
    ...howToRun(),
    '',
    ...(await machineFacts()),
    '',
    '| bench | figure | value | baseline (same run) | ratio | dataset |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(missing.length ? [`Not in this checkout (skipped): ${missing.join(', ')}.`, ''] : []),
    `Time per bench (this run: ${duration(total)} in all; expected at full size on a quiet 2-core VM: ${duration(planned)}):`,
    '',
    '| bench | arguments | elapsed | expected, full size |',
    '|---|---|---|---|',
    ...times,
    '',
  ].join('\n');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, doc);
  console.log(`\nwrote ${OUT} (${figures.length} figures) in ${duration(total)}`);
  return { figures };
}
