import { Resvg } from '@resvg/resvg-js';
import { renderPng } from '../../src/app/charts';
import { bandBarsSvg, lineChartSvg } from '../../src/cards/chart-svg';
import { median } from './bench-db';
import type { BenchResult } from './figures';

// `npm run bench -- charts [--renders 20]`: the three /stats and /health pictures rendered to
// PNG the way app/charts.ts does (fonts looked up once: chart-fonts.ts), beside the same SVGs
// rendered with every system font loaded per picture (how it was before), in the same run.

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
  return v;
}

const withSystemFonts = (svg: string) =>
  new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  })
    .render()
    .asPng();

async function timeEach(
  render: (svg: string) => Buffer | Promise<Buffer>,
  svgs: string[],
  n: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const svg = svgs[i % svgs.length] as string;
    const start = performance.now();
    await render(svg);
    out.push(performance.now() - start);
  }
  return out;
}

export async function main(args: string[]): Promise<BenchResult> {
  const renders = flag(args, 'renders', 20);
  const weeks = Array.from({ length: 12 }, (_, i) => `${i + 1} Sep`);
  const svgs = {
    latin: [
      lineChartSvg({
        title: 'Acme: health score, last 12 weeks',
        points: weeks.map((label, i) => ({ label, value: 40 + ((i * 7) % 50) })),
        max: 100,
        bands: true,
      }),
      bandBarsSvg({
        title: 'Accounts per band, last 12 weeks',
        weeks: weeks.map((label, i) => ({ label, green: 50 + i, yellow: 30, red: 10 - (i % 5) })),
      }),
      lineChartSvg({
        title: 'Median time to acknowledge (hours), by week an alert fired',
        points: weeks.map((label, i) => ({ label, value: i % 4 === 0 ? null : 2 + i / 3 })),
        unit: ' h',
      }),
    ],
    cjk: [
      lineChartSvg({
        title: '北京科技: health score, last 12 weeks',
        points: weeks.map((label, i) => ({ label, value: 40 + ((i * 7) % 50) })),
        max: 100,
        bands: true,
      }),
    ],
  };
  await renderPng(svgs.latin[0] as string);
  withSystemFonts(svgs.latin[0] as string);
  const rows = [
    ['system fonts per render (before)', await timeEach(withSystemFonts, svgs.latin, renders)],
    ['fonts looked up once (now)', await timeEach(renderPng, svgs.latin, renders)],
    ['now, a CJK account name', await timeEach(renderPng, svgs.cjk, Math.max(3, renders / 4))],
    [
      'before, a CJK account name',
      await timeEach(withSystemFonts, svgs.cjk, Math.max(3, renders / 4)),
    ],
  ] as const;
  for (const [what, times] of rows) {
    console.log(
      `${what.padEnd(34)} median ${median([...times]).toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms`,
    );
  }
  const before = median([...rows[0][1]]);
  const now = median([...rows[1][1]]);
  console.log(
    `ratio (now / before) ${(now / before).toFixed(2)}; PNG bytes ${(await renderPng(svgs.latin[0] as string)).length}`,
  );
  const baseline = { what: 'system fonts loaded per render (the old way)', value: before };
  const dataset = '600×220 chart PNG';
  return {
    figures: [
      { what: 'chart render, fonts looked up once', value: now, unit: 'ms', baseline, dataset },
      {
        what: 'chart render with CJK text',
        value: median([...rows[2][1]]),
        unit: 'ms',
        baseline: { what: 'the same, system fonts per render', value: median([...rows[3][1]]) },
        dataset,
      },
    ],
  };
}
