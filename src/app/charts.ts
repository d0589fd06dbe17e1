import { renderAdaptiveCard } from '../cards/adaptive-card';
import { bandBarsSvg, lineChartSvg } from '../cards/chart-svg';
import type { Card, ChartSpec } from '../cards/model';
import { lastWeeks } from '../domain/chart-weeks';
import { shortDay } from '../domain/dates';
import { localToInstant } from '../domain/schedule';
import { weeklyAckMedians, weeklyBands, weeklyScores } from '../store/chart-data';
import { chartFonts } from './chart-fonts';
import type { AppContext } from './context';
import { localDay } from './context';

/** How many weeks a chart shows (the account card's sparkline spans as many). */
export const CHART_WEEKS = 12;

/**
 * A Teams card with inline pictures must stay under this (Adaptive Cards fail above about
 * 28 KB; base64 adds a third): a picture that would pass it is left out, the text stays.
 */
export const TEAMS_CARD_BYTES = 26_000;

export interface ChartImage {
  /** A file name: "score-trend.png". */
  name: string;
  title: string;
  /** What the picture shows, in words (alt text, and the text fallback). */
  alt: string;
  png: Buffer;
}

/**
 * resvg is loaded with the first chart: it is a native module that starts two threads of its
 * own, which an idle server (most never draw a chart) need not keep.
 */
let resvgModule: Promise<typeof import('@resvg/resvg-js')> | null = null;

/**
 * An SVG string → PNG bytes. resvg: a native renderer, no browser. Drawn on libuv's thread
 * pool (renderAsync), not on the event loop: a drawing takes milliseconds to tens of them,
 * during which every other request would otherwise wait.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  resvgModule ??= import('@resvg/resvg-js');
  const { renderAsync } = await resvgModule;
  const image = await renderAsync(svg, { font: chartFonts(svg), background: '#ffffff' });
  return image.asPng();
}

/** The pictures that go with a card (see Card.charts), drawn from the database now. */
export async function chartsFor(ctx: AppContext, spec: ChartSpec): Promise<ChartImage[]> {
  const today = localDay(ctx, ctx.clock.now());
  const weeks = lastWeeks(today, CHART_WEEKS);
  const label = (week: string) => shortDay(week, today);
  const from = weeks[0] as string;
  if (spec.kind === 'account') {
    const rows = new Map(
      (await weeklyScores(ctx.db, spec.accountId, from, today)).map((r) => [r.week, r.score]),
    );
    const points = weeks.map((w) => ({ label: label(w), value: rows.get(w) ?? null }));
    const title = `${spec.accountName}: health score, last ${CHART_WEEKS} weeks`;
    return [
      {
        name: 'score-trend.png',
        title,
        alt: `${title}: ${points.map((p) => `${p.label} ${p.value ?? '—'}`).join(', ')}`,
        png: await renderPng(lineChartSvg({ title, points, max: 100, bands: true })),
      },
    ];
  }
  const bands = await weeklyBands(ctx.db, spec.scope, from, today);
  const bandWeeks = weeks.map((w) => {
    const of = (band: string) => bands.find((b) => b.week === w && b.band === band)?.n ?? 0;
    return { label: label(w), green: of('green'), yellow: of('yellow'), red: of('red') };
  });
  const fromInstant = localToInstant(from, '00:00', ctx.config.settings.timezone);
  const acks = new Map(
    (await weeklyAckMedians(ctx.db, spec.scope, fromInstant, ctx.config.settings.timezone)).map(
      (r) => [r.week, r.hours],
    ),
  );
  const ackPoints = weeks.map((w) => ({ label: label(w), value: acks.get(w) ?? null }));
  const bandsTitle = `Accounts per band, last ${CHART_WEEKS} weeks`;
  const ackTitle = `Median time to acknowledge (hours), by week an alert fired`;
  const round = (h: number | null) => (h === null ? '—' : `${Math.round(h * 10) / 10} h`);
  return [
    {
      name: 'bands.png',
      title: bandsTitle,
      alt: `${bandsTitle}: ${bandWeeks.map((w) => `${w.label} ${w.green} green, ${w.yellow} yellow, ${w.red} red`).join('; ')}`,
      png: await renderPng(bandBarsSvg({ title: bandsTitle, weeks: bandWeeks })),
    },
    {
      name: 'time-to-ack.png',
      title: ackTitle,
      alt: `${ackTitle}: ${ackPoints.map((p) => `${p.label} ${round(p.value)}`).join(', ')}`,
      png: await renderPng(lineChartSvg({ title: ackTitle, points: ackPoints, unit: ' h' })),
    },
  ];
}

/**
 * The card with its pictures inline (Teams): each as a data: URL image, in order, while the
 * card's JSON stays under `maxBytes`; a picture that does not fit is left out (the card's text
 * already has its figures). Says how many fitted.
 */
export function withInlineCharts(
  card: Card,
  charts: readonly ChartImage[],
  maxBytes = TEAMS_CARD_BYTES,
): { card: Card; inlined: number } {
  let out: Card = { ...card };
  delete out.charts;
  let inlined = 0;
  for (const chart of charts) {
    const next: Card = {
      ...out,
      blocks: [
        ...out.blocks,
        {
          type: 'image',
          url: `data:image/png;base64,${chart.png.toString('base64')}`,
          alt: chart.title,
        },
      ],
    };
    // Measured as Teams gets it: the rendered Adaptive Card's JSON.
    if (Buffer.byteLength(JSON.stringify(renderAdaptiveCard(next, Infinity))) > maxBytes) continue;
    out = next;
    inlined++;
  }
  return { card: out, inlined };
}
