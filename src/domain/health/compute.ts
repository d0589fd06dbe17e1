import { scoreAdoption } from './adoption';
import { pickDrivers } from './drivers';
import {
  bandFor,
  DEFAULT_HEALTH_SETTINGS,
  type HealthInputs,
  type HealthResult,
  type HealthSettings,
  MEASURE_KEYS,
  type MeasureKey,
  type MeasureResult,
  type MeasureScore,
} from './model';
import { isOnboarding } from './onboarding';
import { scoreRecency } from './recency';
import { scoreSentiment } from './sentiment';
import { scoreSupport } from './support';
import { scoreUsage } from './usage';

export function scoreMeasures(
  inputs: HealthInputs,
  settings: HealthSettings,
): Record<MeasureKey, MeasureScore> {
  return {
    usage: scoreUsage(inputs, settings),
    recency: scoreRecency(inputs, settings),
    adoption: scoreAdoption(inputs),
    support: scoreSupport(inputs, settings),
    sentiment: scoreSentiment(inputs, settings),
  };
}

/** Points are kept to one decimal: enough to rank drivers, stable in snapshots and JSON. */
const tenth = (x: number): number => Math.round(x * 10) / 10;

export function computeHealth(
  inputs: HealthInputs,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
): HealthResult {
  const scored = scoreMeasures(inputs, settings);
  // "No open tickets" is good news only about an account we otherwise know: alone it would
  // give an account with no usage, no tickets and no surveys full marks (🟢 100) instead of
  // no score.
  const others = MEASURE_KEYS.filter((k) => k !== 'support' && scored[k].score !== null);
  if (inputs.openTickets.length === 0 && others.length === 0) {
    scored.support = { score: null, detail: 'no tickets' };
  }
  // A measure with data but weight 0 counts as switched off, so it neither scores nor drives.
  const counts = (k: MeasureKey): boolean => scored[k].score !== null && settings.weights[k] > 0;
  const weightWithData = MEASURE_KEYS.filter(counts).reduce((s, k) => s + settings.weights[k], 0);

  let total = 0;
  const measures: MeasureResult[] = MEASURE_KEYS.map((key) => {
    const { score, detail } = scored[key];
    const weight = settings.weights[key];
    const effectiveWeight = counts(key) ? (weight / weightWithData) * 100 : 0;
    const measureScore = score ?? 0;
    total += (measureScore * effectiveWeight) / 100;
    const pointsLost = score === null ? 0 : tenth(((100 - measureScore) * effectiveWeight) / 100);
    return { key, score, weight, effectiveWeight, pointsLost, detail };
  });

  const onboarding = isOnboarding(inputs.contractStart, inputs.asOf, settings);
  if (weightWithData <= 0) return { score: null, band: null, measures, drivers: [], onboarding };
  const score = Math.max(0, Math.min(100, Math.round(total)));
  return {
    score,
    band: bandFor(score, settings),
    measures,
    drivers: pickDrivers(measures),
    onboarding,
  };
}
