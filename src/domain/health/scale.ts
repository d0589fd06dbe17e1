export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Linear 0–100 as x goes from `zeroAt` to `fullAt` (either direction), clamped. */
export function ramp(x: number, zeroAt: number, fullAt: number): number {
  if (zeroAt === fullAt) throw new RangeError('ramp needs two distinct points');
  return clamp((100 * (x - zeroAt)) / (fullAt - zeroAt), 0, 100);
}

/** Measure scores are whole numbers so the card's figures add up to what was scored. */
export function toMeasureScore(x: number): number {
  return Math.round(clamp(x, 0, 100));
}

export function percent(fraction: number): number {
  return Math.round(fraction * 100);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
