import { adoptionFacts, scoreAdoption } from './adoption';
import { pickDrivers } from './drivers';
import { factsText, type MeasureFacts } from './facts';
import {
  bandFor,
  DEFAULT_HEALTH_SETTINGS,
  type HealthFacts,
  type HealthInputs,
  type HealthResult,
  type HealthSettings,
  MEASURE_KEYS,
  type MeasureKey,
  type MeasureOutcome,
  type MeasureScore,
} from './model';
import { isOnboarding } from './onboarding';
import { recencyFacts, scoreRecency } from './recency';
import { scoreSentiment, sentimentFacts } from './sentiment';
import { scoreSupport, supportFacts } from './support';
import { scoreUsage, usageFacts } from './usage';

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

export function measureFacts(
  inputs: HealthInputs,
  settings: HealthSettings,
): Record<MeasureKey, MeasureFacts> {
  return {
    usage: usageFacts(inputs, settings),
    recency: recencyFacts(inputs, settings),
    adoption: adoptionFacts(inputs),
    support: supportFacts(inputs, settings),
    sentiment: sentimentFacts(inputs, settings),
  };
}

/**
 * Each measure's share of the total (0–100): its weight renormalised over the measures with
 * data. A measure with data but weight 0 counts as switched off, so it neither scores nor
 * drives. A stored snapshot keeps scores and weights only; its reader derives these again.
 */
export function effectiveWeights(
  measures: readonly { score: number | null; weight: number }[],
): number[] {
  const counts = (m: { score: number | null; weight: number }) => m.score !== null && m.weight > 0;
  const withData = measures.filter(counts).reduce((s, m) => s + m.weight, 0);
  return measures.map((m) => (counts(m) ? (m.weight / withData) * 100 : 0));
}

/** Points are kept to one decimal: enough to rank drivers, stable in snapshots and JSON. */
const tenth = (x: number): number => Math.round(x * 10) / 10;

/**
 * One day's health as codes and numbers: what a snapshot stores. Drivers are not part of it;
 * they follow from the measures (topDrivers), so a reader derives them and words them.
 */
export function computeHealthFacts(
  inputs: HealthInputs,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
): HealthFacts {
  const scored = measureFacts(inputs, settings);
  // "No open tickets" is good news only about an account we otherwise know: alone it would
  // give an account with no usage, no tickets and no surveys full marks (🟢 100) instead of
  // no score.
  const others = MEASURE_KEYS.filter((k) => k !== 'support' && scored[k].score !== null);
  if (inputs.openTickets.length === 0 && others.length === 0) {
    scored.support = { score: null, facts: [['support_nothing']] };
  }
  const shares = effectiveWeights(
    MEASURE_KEYS.map((k) => ({ score: scored[k].score, weight: settings.weights[k] })),
  );
  let weightWithData = 0;
  let total = 0;
  const measures: MeasureOutcome[] = MEASURE_KEYS.map((key, i) => {
    const { score, facts } = scored[key];
    const weight = settings.weights[key];
    const effectiveWeight = shares[i] ?? 0;
    if (effectiveWeight > 0) weightWithData += weight;
    const measureScore = score ?? 0;
    total += (measureScore * effectiveWeight) / 100;
    const pointsLost = score === null ? 0 : tenth(((100 - measureScore) * effectiveWeight) / 100);
    return { key, score, weight, effectiveWeight, pointsLost, facts };
  });

  const onboarding = isOnboarding(inputs.contractStart, inputs.asOf, settings);
  if (weightWithData <= 0) return { score: null, band: null, measures, onboarding };
  const score = Math.max(0, Math.min(100, Math.round(total)));
  return { score, band: bandFor(score, settings), measures, onboarding };
}

/** A day's health in the engine's English: the facts worded, the top drivers picked. */
export function wordHealth(h: HealthFacts): HealthResult {
  const measures = h.measures.map(({ facts, ...m }) => ({ ...m, detail: factsText(facts) }));
  const drivers = h.score === null ? [] : pickDrivers(measures);
  return { score: h.score, band: h.band, measures, drivers, onboarding: h.onboarding };
}

export function computeHealth(
  inputs: HealthInputs,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
): HealthResult {
  return wordHealth(computeHealthFacts(inputs, settings));
}
