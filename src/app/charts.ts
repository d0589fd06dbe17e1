import { renderAdaptiveCard } from '../cards/adaptive-card';
import { bandBarsSvg, lineChartSvg } from '../cards/chart-svg';
import { day } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import type { Card, ChartSpec } from '../cards/model';
import { lastWeeks } from '../domain/chart-weeks';
import type { Locale } from '../domain/locale';
import { localToInstant } from '../domain/schedule';
import { weeklyAckMedians, weeklyBands, weeklyScores } from '../store/chart-data';
import { canDrawCjk, chartFonts, needsCjk } from './chart-fonts';
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

/** A picture before drawing: its words in one language and its SVG. */
export interface ChartDrawing {
  name: string;
  title: string;
  alt: string;
  svg: string;
}

/** The numbers a card's pictures show, read from the database once for every language. */
export type ChartData =
  | { kind: 'account'; accountName: string; weeks: string[]; scores: (number | null)[] }
  | {
      kind: 'scope';
      weeks: string[];
      bands: { green: number; yellow: number; red: number }[];
      acks: (number | null)[];
    };

async function chartData(ctx: AppContext, spec: ChartSpec): Promise<ChartData> {
  const today = localDay(ctx, ctx.clock.now());
  const weeks = lastWeeks(today, CHART_WEEKS);
  const from = weeks[0] as string;
  if (spec.kind === 'account') {
    const rows = new Map(
      (await weeklyScores(ctx.db, spec.accountId, from, today)).map((r) => [r.week, r.score]),
    );
    return {
      kind: 'account',
      accountName: spec.accountName,
      weeks,
      scores: weeks.map((w) => rows.get(w) ?? null),
    };
  }
  const bands = await weeklyBands(ctx.db, spec.scope, from, today);
  const fromInstant = localToInstant(from, '00:00', ctx.config.settings.timezone);
  const acks = new Map(
    (await weeklyAckMedians(ctx.db, spec.scope, fromInstant, ctx.config.settings.timezone)).map(
      (r) => [r.week, r.hours],
    ),
  );
  return {
    kind: 'scope',
    weeks,
    bands: weeks.map((w) => {
      const of = (band: string) => bands.find((b) => b.week === w && b.band === band)?.n ?? 0;
      return { green: of('green'), yellow: of('yellow'), red: of('red') };
    }),
    acks: weeks.map((w) => acks.get(w) ?? null),
  };
}

/**
 * The pictures' words in `locale`: titles, week labels, legend words and alt text from the
 * catalogs. `pictureLocale` is the language of the words drawn inside the picture (English
 * when this machine has no CJK face, see chartsFor); the title and alt stay in `locale`.
 */
export function chartDrawings(
  data: ChartData,
  today: string,
  locale: Locale,
  pictureLocale: Locale = locale,
): ChartDrawing[] {
  const words = (l: Locale) => {
    const label = (week: string) => day(l, week, today);
    const hours = (h: number | null) =>
      h === null ? '—' : t(l, 'chart.hours', { value: Math.round(h * 10) / 10 });
    return { label, hours, sep: t(l, 'chart.sep'), noData: t(l, 'chart.noData') };
  };
  const w = words(locale);
  const p = words(pictureLocale);
  if (data.kind === 'account') {
    const title = (l: Locale) =>
      t(l, 'chart.scoreTitle', { name: data.accountName, weeks: CHART_WEEKS });
    const points = (label: (week: string) => string) =>
      data.weeks.map((week, i) => ({ label: label(week), value: data.scores[i] ?? null }));
    return [
      {
        name: 'score-trend.png',
        title: title(locale),
        alt: `${title(locale)}: ${points(w.label)
          .map((x) => `${x.label} ${x.value ?? '—'}`)
          .join(w.sep)}`,
        svg: lineChartSvg({
          title: title(pictureLocale),
          points: points(p.label),
          max: 100,
          bands: true,
          noData: p.noData,
        }),
      },
    ];
  }
  const bandsTitle = (l: Locale) => t(l, 'chart.bandsTitle', { weeks: CHART_WEEKS });
  const ackTitle = (l: Locale) => t(l, 'chart.ackTitle');
  const bandLine = (week: string, i: number) => {
    const b = data.bands[i] ?? { green: 0, yellow: 0, red: 0 };
    return t(locale, 'chart.bandWeek', { day: w.label(week), ...b });
  };
  return [
    {
      name: 'bands.png',
      title: bandsTitle(locale),
      alt: `${bandsTitle(locale)}: ${data.weeks.map(bandLine).join(t(locale, 'chart.weekSep'))}`,
      svg: bandBarsSvg({
        title: bandsTitle(pictureLocale),
        weeks: data.weeks.map((week, i) => ({
          label: p.label(week),
          ...(data.bands[i] ?? { green: 0, yellow: 0, red: 0 }),
        })),
      }),
    },
    {
      name: 'time-to-ack.png',
      title: ackTitle(locale),
      alt: `${ackTitle(locale)}: ${data.weeks
        .map((week, i) => `${w.label(week)} ${w.hours(data.acks[i] ?? null)}`)
        .join(w.sep)}`,
      svg: lineChartSvg({
        title: ackTitle(pictureLocale),
        points: data.weeks.map((week, i) => ({
          label: p.label(week),
          value: data.acks[i] ?? null,
        })),
        unit: t(pictureLocale, 'chart.hoursUnit'),
        noData: p.noData,
      }),
    },
  ];
}

let warnedNoCjk = false;

/**
 * The pictures that go with a card (see Card.charts), drawn from the database now, their words
 * in `locale`. A Chinese picture on a machine without a CJK face would draw blanks for every
 * Chinese glyph: its inner words are drawn in English then (said once in the log), while its
 * title and alt text, which the chat shows as text, stay Chinese.
 */
export async function chartsFor(
  ctx: AppContext,
  spec: ChartSpec,
  locale: Locale = 'en',
): Promise<ChartImage[]> {
  const today = localDay(ctx, ctx.clock.now());
  const data = await chartData(ctx, spec);
  let drawings = chartDrawings(data, today, locale);
  if (locale !== 'en' && !canDrawCjk() && drawings.some((d) => needsCjk(d.svg))) {
    if (!warnedNoCjk) {
      warnedNoCjk = true;
      ctx.log.warn(
        { locale },
        'charts: no CJK font on this machine (fonts-noto-cjk); chart pictures are drawn with English words',
      );
    }
    drawings = chartDrawings(data, today, locale, 'en');
  }
  return Promise.all(
    drawings.map(async (d) => ({
      name: d.name,
      title: d.title,
      alt: d.alt,
      png: await renderPng(d.svg),
    })),
  );
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
