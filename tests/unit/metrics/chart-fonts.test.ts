import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFonts } from '../../../src/app/chart-fonts';

// Which font files a chart is drawn with (the files here are empty stand-ins: only the choice
// is tested; charts.test.ts renders real pictures with the machine's fonts).
function fontTree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'tend-fonts-'));
  for (const file of files) {
    const path = join(root, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
  }
  return root;
}

describe('chart fonts', () => {
  const root = fontTree([
    'truetype/dejavu/DejaVuSans.ttf',
    'truetype/dejavu/DejaVuSans-Bold.ttf',
    'truetype/dejavu/DejaVuSerif.ttf',
    'opentype/noto/NotoSansCJK-Regular.ttc',
    'opentype/noto/NotoSerifCJK-Regular.ttc',
  ]);

  it('draws Latin text with DejaVu Sans only, without loading the system fonts', () => {
    expect(chartFonts('<text>Acme: health score</text>', [root])).toEqual({
      loadSystemFonts: false,
      fontFiles: [
        join(root, 'truetype/dejavu/DejaVuSans.ttf'),
        join(root, 'truetype/dejavu/DejaVuSans-Bold.ttf'),
      ],
      defaultFontFamily: 'DejaVu Sans',
    });
  });

  it('adds a CJK face when the picture has Chinese text', () => {
    expect(chartFonts('<text>北京科技: health score</text>', [root]).fontFiles).toEqual([
      join(root, 'truetype/dejavu/DejaVuSans.ttf'),
      join(root, 'truetype/dejavu/DejaVuSans-Bold.ttf'),
      join(root, 'opentype/noto/NotoSansCJK-Regular.ttc'),
    ]);
  });

  it('falls back to the system fonts when no known face is found', () => {
    expect(chartFonts('<text>x</text>', [fontTree(['misc/Other.ttf'])])).toEqual({
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
    });
  });
});
