import { describe, expect, it } from 'vitest';
import { renderPng } from '../../../src/app/charts';
import { bandBarsSvg, escapeXml, lineChartSvg, niceCeil } from '../../../src/cards/chart-svg';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const weeks = Array.from({ length: 12 }, (_, i) => `${i + 1} Nov`);

describe('charts as SVG, rendered to PNG', () => {
  it('escapes every piece of text (an account name is user data)', () => {
    const svg = lineChartSvg({
      title: `Acme <script>alert("x")</script> & 'Co'`,
      points: [{ label: '<b>1 Nov</b>', value: 50 }],
      max: 100,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain(
      'Acme &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Co&apos;',
    );
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('breaks the line where a week has no value and says "no data" when none has', () => {
    const svg = lineChartSvg({
      title: 't',
      points: weeks.map((label, i) => ({ label, value: i === 5 ? null : 60 })),
      max: 100,
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(lineChartSvg({ title: 't', points: [{ label: 'x', value: null }] })).toContain(
      'no data',
    );
  });

  it('renders small PNGs: each chart well under Teams’ inline budget', async () => {
    const score = await renderPng(
      lineChartSvg({
        title: 'Acme Corp: health score, last 12 weeks',
        points: weeks.map((label, i) => ({ label, value: 30 + i * 5 })),
        max: 100,
        bands: true,
      }),
    );
    const bands = await renderPng(
      bandBarsSvg({
        title: 'Accounts per band',
        weeks: weeks.map((label, i) => ({ label, green: 100 + i, yellow: 40, red: 10 + i })),
      }),
    );
    for (const png of [score, bands]) {
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // Base64 adds a third; Teams fails a card past about 28 KB.
      expect(png.length).toBeLessThan(16_000);
    }
  });

  it('rounds axis tops to 1, 2 or 5 × 10^k', () => {
    expect([niceCeil(0.3), niceCeil(7), niceCeil(12), niceCeil(180), niceCeil(501)]).toEqual([
      0.5, 10, 20, 200, 1000,
    ]);
  });
});
