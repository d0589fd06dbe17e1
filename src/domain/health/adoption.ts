import type { HealthInputs, MeasureScore } from './model';
import { ramp, toMeasureScore } from './scale';

type AdoptionInputs = Pick<HealthInputs, 'featuresUsed30' | 'featuresTotal'>;

export function scoreAdoption(inputs: AdoptionInputs): MeasureScore {
  const { featuresUsed30: used, featuresTotal: total } = inputs;
  if (used === null || total === null || total <= 0) {
    return { score: null, detail: 'no feature data' };
  }
  const shown = Math.max(0, Math.min(used, total));
  return {
    score: toMeasureScore(ramp(used, 0, total)),
    detail: `uses ${shown} of ${total} core features`,
  };
}
