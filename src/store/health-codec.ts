import {
  type Driver,
  effectiveWeights,
  type Fact,
  factsText,
  MEASURE_KEYS,
  type MeasureKey,
  type MeasureOutcome,
  type MeasureResult,
  topDrivers,
} from '../domain/health';

/**
 * How a snapshot's measures are stored since migration T0130: one tuple per measure, in
 * MEASURE_KEYS order, `[score, weight, pointsLost, facts]` (about 200 bytes a snapshot, from
 * about 1,150 with worded measures and drivers). Effective weights and drivers follow from
 * these, so they are derived on read, and the facts are worded by each reader.
 */
type StoredMeasure = [number | null, number, number, Fact[]];

export function encodeMeasures(measures: readonly MeasureOutcome[]): StoredMeasure[] {
  return measures.map((m) => [m.score, m.weight, m.pointsLost, m.facts]);
}

/** A driver as readers get it: English text always, and the facts when the row has them. */
export interface SnapshotDriver extends Driver {
  /** Absent on rows from before T0130: their drivers were stored in English only. */
  facts?: Fact[];
}

export interface SnapshotHealth {
  measures: MeasureResult[];
  drivers: SnapshotDriver[];
}

const isStoredMeasure = (m: unknown): m is StoredMeasure =>
  Array.isArray(m) &&
  m.length === 4 &&
  (m[0] === null || typeof m[0] === 'number') &&
  typeof m[1] === 'number' &&
  typeof m[2] === 'number' &&
  Array.isArray(m[3]) &&
  m[3].every((f) => Array.isArray(f) && typeof f[0] === 'string');

/**
 * A stored snapshot's measures and drivers, whichever way the row was written: compact facts
 * (drivers derived here) or, from before T0130, worded measures and English drivers, which
 * are passed on as they were stored.
 */
export function snapshotHealth(measures: unknown, drivers: unknown): SnapshotHealth {
  if (!Array.isArray(measures)) return { measures: [], drivers: [] };
  if (measures.length !== MEASURE_KEYS.length || !measures.every(isStoredMeasure)) {
    return {
      measures: measures as MeasureResult[],
      drivers: Array.isArray(drivers) ? (drivers as Driver[]) : [],
    };
  }
  const shares = effectiveWeights(measures.map(([score, weight]) => ({ score, weight })));
  const outcomes = measures.map(([score, weight, pointsLost, facts], i) => ({
    key: MEASURE_KEYS[i] as MeasureKey,
    score,
    weight,
    effectiveWeight: shares[i] ?? 0,
    pointsLost,
    facts,
  }));
  return {
    measures: outcomes.map(({ facts, ...m }) => ({ ...m, detail: factsText(facts) })),
    drivers: topDrivers(outcomes).map((m) => ({
      measure: m.key,
      text: factsText(m.facts),
      pointsLost: m.pointsLost,
      facts: m.facts,
    })),
  };
}
