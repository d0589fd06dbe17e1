import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** resvg's font options for one picture. */
export interface ChartFontOptions {
  loadSystemFonts: boolean;
  fontFiles?: string[];
  defaultFontFamily: string;
}

const FONT_DIRS = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  join(homedir(), '.fonts'),
  join(homedir(), '.local/share/fonts'),
  '/Library/Fonts',
  '/System/Library/Fonts',
  'C:\\Windows\\Fonts',
];

// The charts ask for DejaVu Sans (then Arial); an account name in Chinese, Japanese or Korean
// needs a CJK face too. Preferred files first in each list.
const LATIN = [
  ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'],
  ['Arial.ttf', 'Arial Bold.ttf'],
  ['arial.ttf', 'arialbd.ttf'],
];
const CJK = [
  ['NotoSansCJK-Regular.ttc', 'NotoSansCJK-Bold.ttc'],
  ['NotoSansCJKsc-Regular.otf', 'NotoSansCJKsc-Bold.otf'],
  ['NotoSansSC-Regular.otf', 'NotoSansSC-Bold.otf'],
  ['NotoSansSC-Regular.ttf', 'NotoSansSC-Bold.ttf'],
  ['SourceHanSansSC-Regular.otf', 'SourceHanSansSC-Bold.otf'],
  ['wqy-microhei.ttc'],
  ['wqy-zenhei.ttc'],
  ['PingFang.ttc'],
  ['msyh.ttc', 'msyhbd.ttc'],
];
const CJK_TEXT = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;

function findFiles(dirs: readonly string[], depth = 4): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string, left: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory() && left > 0) walk(path, left - 1);
      else if (!found.has(e.name)) found.set(basename(path), path);
    }
  };
  for (const dir of dirs) walk(dir, depth);
  return found;
}

function firstSet(found: Map<string, string>, sets: readonly string[][]): string[] {
  for (const set of sets) {
    const paths = set.flatMap((name) => found.get(name) ?? []);
    if (paths.length > 0) return paths;
  }
  return [];
}

interface FontChoice {
  latin: string[];
  cjk: string[];
}

let choice: FontChoice | null = null;

function fontChoice(dirs: readonly string[]): FontChoice {
  if (dirs !== FONT_DIRS) {
    const found = findFiles(dirs);
    return { latin: firstSet(found, LATIN), cjk: firstSet(found, CJK) };
  }
  choice ??= fontChoice([...FONT_DIRS]);
  return choice;
}

/**
 * The font files a chart is drawn with, looked up once per process. Letting resvg load every
 * system font instead costs several hundred milliseconds per picture (it scans and parses them
 * all, large CJK collections included); a CJK face is added only when the picture has such
 * text. With no known Latin face found, resvg falls back to the system fonts as before.
 */
export function chartFonts(svg: string, dirs: readonly string[] = FONT_DIRS): ChartFontOptions {
  return optionsFor(fontChoice(dirs), svg);
}

/** Whether text in `svg` needs a CJK face (Chinese chart words, a Chinese account name). */
export function needsCjk(svg: string): boolean {
  return CJK_TEXT.test(svg);
}

/**
 * Whether a known CJK face is on this machine. Without one resvg draws no glyph for Chinese
 * text (a blank where the title was), so the chart words fall back to English in the picture
 * (app/charts.ts) while its title and alt text stay in the reader's language.
 */
export function canDrawCjk(dirs: readonly string[] = FONT_DIRS): boolean {
  return fontChoice(dirs).cjk.length > 0;
}

function optionsFor(fonts: FontChoice, svg: string): ChartFontOptions {
  if (fonts.latin.length === 0) return { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  const cjk = CJK_TEXT.test(svg) ? fonts.cjk : [];
  const family = fonts.latin[0]?.toLowerCase().includes('dejavu') ? 'DejaVu Sans' : 'Arial';
  return { loadSystemFonts: false, fontFiles: [...fonts.latin, ...cjk], defaultFontFamily: family };
}
