import { type Driver, MEASURE_KEYS, type MeasureKey, type MeasureResult } from './model';

export const MAX_DRIVERS = 3;

interface Costly {
  key: MeasureKey;
  score: number | null;
  pointsLost: number;
}

/**
 * The measures that cost the most points, most first; ties keep the fixed measure order.
 * Drivers are not stored: any reader derives them from a snapshot's measures with this.
 */
export function topDrivers<M extends Costly>(measures: readonly M[]): M[] {
  return measures
    .filter((m) => m.score !== null && m.pointsLost > 0)
    .sort(
      (a, b) =>
        b.pointsLost - a.pointsLost || MEASURE_KEYS.indexOf(a.key) - MEASURE_KEYS.indexOf(b.key),
    )
    .slice(0, MAX_DRIVERS);
}

export function pickDrivers(measures: MeasureResult[]): Driver[] {
  return topDrivers(measures).map((m) => ({
    measure: m.key,
    text: m.detail,
    pointsLost: m.pointsLost,
  }));
}
