import { type Driver, MEASURE_KEYS, type MeasureResult } from './model';

export const MAX_DRIVERS = 3;

/** The measures that cost the most points, most first; ties keep the fixed measure order. */
export function pickDrivers(measures: MeasureResult[]): Driver[] {
  return measures
    .filter((m) => m.score !== null && m.pointsLost > 0)
    .sort(
      (a, b) =>
        b.pointsLost - a.pointsLost || MEASURE_KEYS.indexOf(a.key) - MEASURE_KEYS.indexOf(b.key),
    )
    .slice(0, MAX_DRIVERS)
    .map((m) => ({ measure: m.key, text: m.detail, pointsLost: m.pointsLost }));
}
