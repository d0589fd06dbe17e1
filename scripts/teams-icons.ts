import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodePng } from './teams/png';

// Tend's mark: a pulse line (account health) drawn as thick segments, anti-aliased by 4×4
// supersampling. Coordinates are fractions of the icon's side.
const PULSE: [number, number][] = [
  [0.14, 0.56],
  [0.34, 0.56],
  [0.44, 0.3],
  [0.56, 0.76],
  [0.65, 0.44],
  [0.72, 0.56],
  [0.86, 0.56],
];
const ACCENT = [0x2e, 0x5e, 0x4e] as const;

function distanceToSegment(px: number, py: number, a: [number, number], b: [number, number]) {
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** How much of pixel (x, y) the pulse line covers, 0..1. */
function coverage(x: number, y: number, size: number, halfWidth: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = (x + (sx + 0.5) / 4) / size;
      const py = (y + (sy + 0.5) / 4) / size;
      const near = PULSE.slice(1).some(
        (b, i) => distanceToSegment(px, py, PULSE[i] as [number, number], b) <= halfWidth,
      );
      if (near) hits++;
    }
  }
  return hits / 16;
}

/** 192×192 full colour: white pulse on the accent colour. */
export function colorIcon(): Buffer {
  const size = 192;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.04);
      const i = (y * size + x) * 4;
      for (let k = 0; k < 3; k++) px[i + k] = Math.round(ACCENT[k]! * (1 - c) + 255 * c);
      px[i + 3] = 255;
    }
  }
  return encodePng(size, size, px);
}

/** 32×32 outline: white on transparent, as Teams requires (it tints it itself). */
export function outlineIcon(): Buffer {
  const size = 32;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      px.fill(255, i, i + 3);
      px[i + 3] = Math.round(coverage(x, y, size, 0.05) * 255);
    }
  }
  return encodePng(size, size, px);
}

export const ICON_DIR = join(import.meta.dirname, '..', 'manifests', 'teams');

// `npm run teams:icons` rewrites the committed icons (deterministic: same bytes every run).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(join(ICON_DIR, 'color.png'), colorIcon());
  writeFileSync(join(ICON_DIR, 'outline.png'), outlineIcon());
  console.log(`wrote color.png (192×192) and outline.png (32×32) to ${ICON_DIR}`);
}
