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
 * that everything runs and the file is written, in a few minutes). Benches not in benches.ts
 * (plays, stats before they merge) are skipped, so the list can name them already.
 */
const ALL_RUNS: { name: string; args: string[]; tiny: string[] }[] = [
  { name: 'recompute', args: [], tiny: ['--accounts', '500', '--days', '60', '--rounds', '1'] },
  { name: 'seed', args: [], tiny: ['--accounts', '300', '--days', '30'] },
  { name: 'ingest', args: [], tiny: ['--rows', '10000'] },
  { name: 'slack', args: [], tiny: ['--accounts', '500', '--days', '30', '--seconds', '2'] },
  { name: 'teams', args: [], tiny: ['--accounts', '500', '--requests', '100'] },
  { name: 'digest', args: [], tiny: ['20', '500', '5', '--compose-only'] },
  { name: 'delivery', args: ['--only', 'clean'], tiny: ['--only', 'clean'] },
  { name: 'track', args: ['--events', '200000'], tiny: ['--events', '2000'] },
  { name: 'freshness', args: [], tiny: ['--signals', '20', '--spread-s', '5'] },
  {
    name: 'scale',
    args: ['--sizes', '20000,60000'],
    tiny: ['--sizes', '1000,3000', '--lookups', '50'],
  },
  { name: 'plays', args: [], tiny: [] },
  { name: 'stats', args: [], tiny: [] },
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
    const { bare, first, later, postgres } = r.startup;
    const base = { what: 'bare node http server', value: bare.readyMs };
    const rss = { what: 'bare node http server', value: bare.rssMb };
    const demo = 'demo (200 accounts × 180 days)';
    for (const [label, f] of [
      ['embedded first start', first],
      ['embedded later start', later],
      ['Postgres start', postgres],
    ] as const) {
      if (!f) continue;
      const dataset = f === postgres ? 'empty database (migrated at start)' : demo;
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

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1));

/** `npm run bench -- all [--tiny]`: every bench in ALL_RUNS, then docs/benchmarks.md. */
export async function main(args: string[]): Promise<{ figures: Figure[] }> {
  const tiny = args.includes('--tiny');
  const rows: string[] = [];
  const missing: string[] = [];
  const figures: Figure[] = [];
  for (const run of ALL_RUNS) {
    const load = benches[run.name];
    if (!load) {
      missing.push(run.name);
      continue;
    }
    const runArgs = tiny ? run.tiny : run.args;
    console.log(`\n=== bench ${run.name} ${runArgs.join(' ')}`);
    const result = await (await load()).main(runArgs);
    const found = figuresOf(run.name, result);
    if (found.length === 0) {
      rows.push(`| ${run.name} | (prints its figures; none returned yet) | | | | |`);
    }
    for (const f of found) {
      figures.push(f);
      const ratio = f.baseline ? `${(f.value / f.baseline.value).toFixed(2)}×` : '';
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.what})` : '';
      rows.push(
        `| ${run.name} | ${f.what} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${f.dataset} |`,
      );
    }
  }
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench -- all${tiny ? ' --tiny' : ''}\`; every figure beside a baseline measured in the same run.${tiny ? ' **Tiny sizes: a check that the set runs, not figures to quote.**' : ''}`,
    '',
    ...(await machineFacts()),
    '',
    '| bench | figure | value | baseline (same run) | ratio | dataset |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(missing.length ? [`Not in this checkout (skipped): ${missing.join(', ')}.`, ''] : []),
  ].join('\n');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, doc);
  console.log(`\nwrote ${OUT} (${figures.length} figures)`);
  return { figures };
}
