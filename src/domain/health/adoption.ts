import { type MeasureFacts, withDetail } from './facts';
import type { HealthInputs, MeasureScore } from './model';
import { ramp, toMeasureScore } from './scale';

type AdoptionInputs = Pick<HealthInputs, 'featuresUsed30' | 'featuresTotal'>;

export function adoptionFacts(inputs: AdoptionInputs): MeasureFacts {
  const { featuresUsed30: used, featuresTotal: total } = inputs;
  if (used === null || total === null || total <= 0) {
    return { score: null, facts: [['adoption_none']] };
  }
  const shown = Math.max(0, Math.min(used, total));
  return { score: toMeasureScore(ramp(used, 0, total)), facts: [['adoption', shown, total]] };
}

export function scoreAdoption(inputs: AdoptionInputs): MeasureScore {
  return withDetail(adoptionFacts(inputs));
}
