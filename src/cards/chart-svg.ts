/**
 * Charts as SVG strings, built by hand (no browser, no charting library): a line over weeks
 * and stacked bars of bands over weeks. Pure functions; every piece of text is escaped. The
 * app renders them to PNG (app/charts.ts). Kept small (600×220, few elements) so the PNG
 * stays a few kilobytes: Teams takes it inline in a card of at most ~28 KB.
 */

export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 220;
const PAD = { left: 44, right: 28, top: 30, bottom: 30 };

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const COLORS = { green: '#2e7d32', yellow: '#f9a825', red: '#c62828', line: '#1565c0' };
const FONT = 'font-family="DejaVu Sans, Arial, sans-serif"';

export interface LinePoint {
  /** The label under the point (a week's first day, "2 Nov"). */
  label: string;
  value: number | null;
}

function frame(title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="18" font-size="13" font-weight="bold" fill="#222" ${FONT}>${escapeXml(title)}</text>`,
    body,
    '</svg>',
  ].join('');
}

const plotW = CHART_WIDTH - PAD.left - PAD.right;
const plotH = CHART_HEIGHT - PAD.top - PAD.bottom;
const xAt = (i: number, n: number) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
const round = (v: number) => Math.round(v * 10) / 10;

/** Every other label when there are many, so they do not run into each other. */
function xLabels(labels: string[], at: (i: number) => number): string {
  const step = labels.length > 8 ? 2 : 1;
  return labels
    .map((label, i) =>
      i % step === 0 || i === labels.length - 1
        ? `<text x="${round(at(i))}" y="${CHART_HEIGHT - 10}" font-size="10" text-anchor="middle" fill="#555" ${FONT}>${escapeXml(label)}</text>`
        : '',
    )
    .join('');
}

/**
 * A line over weeks; a missing value breaks the line. `bands` shades the health bands
 * (red below 40, yellow to 70) behind a 0–100 score.
 */
export function lineChartSvg(v: {
  title: string;
  points: LinePoint[];
  /** The y axis: 0 to this (a score: 100); else the largest value, rounded up. */
  max?: number;
  unit?: string;
  bands?: boolean;
  /** Said when no week has a value, in the reader's language. */
  noData?: string;
}): string {
  const values = v.points.map((p) => p.value).filter((x): x is number => x !== null);
  const top = v.max ?? niceCeil(Math.max(1, ...values));
  const yAt = (value: number) => PAD.top + plotH - (Math.min(value, top) / top) * plotH;
  const n = v.points.length;
  const parts: string[] = [];
  if (v.bands) {
    const band = (from: number, to: number, color: string) =>
      `<rect x="${PAD.left}" y="${round(yAt(to))}" width="${plotW}" height="${round(yAt(from) - yAt(to))}" fill="${color}" opacity="0.12"/>`;
    parts.push(band(0, 40, COLORS.red), band(40, 70, COLORS.yellow), band(70, top, COLORS.green));
  }
  for (const tick of [0, top / 2, top]) {
    parts.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${round(yAt(tick))}" y2="${round(yAt(tick))}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${round(yAt(tick) + 4)}" font-size="10" text-anchor="end" fill="#555" ${FONT}>${escapeXml(`${round(tick)}${v.unit ?? ''}`)}</text>`,
    );
  }
  // Runs of known values are one polyline each.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) {
      parts.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`,
      );
    }
    run = [];
  };
  v.points.forEach((p, i) => {
    if (p.value === null) {
      flush();
      return;
    }
    const x = round(xAt(i, n));
    const y = round(yAt(p.value));
    run.push(`${x},${y}`);
    parts.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${COLORS.line}"/>`);
  });
  flush();
  if (values.length === 0) {
    parts.push(
      `<text x="${CHART_WIDTH / 2}" y="${CHART_HEIGHT / 2}" font-size="12" text-anchor="middle" fill="#888" ${FONT}>${escapeXml(v.noData ?? 'no data')}</text>`,
    );
  }
  parts.push(
    xLabels(
      v.points.map((p) => p.label),
      (i) => xAt(i, n),
    ),
  );
  return frame(v.title, parts.join(''));
}

export interface BandWeek {
  label: string;
  green: number;
  yellow: number;
  red: number;
}

/** Accounts per band each week as stacked bars (red at the bottom). */
export function bandBarsSvg(v: { title: string; weeks: BandWeek[] }): string {
  const n = v.weeks.length;
  const top = niceCeil(Math.max(1, ...v.weeks.map((w) => w.green + w.yellow + w.red)));
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(4, slot * 0.6);
  const h = (count: number) => (count / top) * plotH;
  const parts: string[] = [];
  for (const tick of [0, top / 2, top]) {
    const y = round(PAD.top + plotH - h(tick));
    parts.push(
      `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#555" ${FONT}>${round(tick)}</text>`,
    );
  }
  const centre = (i: number) => PAD.left + slot * i + slot / 2;
  v.weeks.forEach((w, i) => {
    let y = PAD.top + plotH;
    for (const band of ['red', 'yellow', 'green'] as const) {
      const height = h(w[band]);
      if (height <= 0) continue;
      y -= height;
      parts.push(
        `<rect x="${round(centre(i) - barW / 2)}" y="${round(y)}" width="${round(barW)}" height="${round(height)}" fill="${COLORS[band]}"/>`,
      );
    }
  });
  parts.push(
    xLabels(
      v.weeks.map((w) => w.label),
      centre,
    ),
  );
  return frame(v.title, parts.join(''));
}

/** 1, 2, 5 × 10^k at or above the value: axis tops people read easily. */
export function niceCeil(value: number): number {
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}
