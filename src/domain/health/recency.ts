import { daysBetween } from '../dates';
import { type MeasureFacts, withDetail } from './facts';
import type { HealthInputs, HealthSettings, MeasureScore } from './model';
import { ramp, toMeasureScore } from './scale';

type RecencyInputs = Pick<HealthInputs, 'asOf' | 'lastLoginDate' | 'logins30'>;

export function recencyFacts(inputs: RecencyInputs, settings: HealthSettings): MeasureFacts {
  const { fullDays, zeroDays } = settings.recency;
  if (inputs.lastLoginDate === null) {
    // Usage rows without a single login mean nobody ever logged in: the worst case, not
    // a gap in the data.
    if (inputs.logins30 !== null) return { score: 0, facts: [['recency_never']] };
    return { score: null, facts: [['recency_none']] };
  }
  // A login dated after asOf (clock skew, late import) counts as today.
  const days = Math.max(0, daysBetween(inputs.lastLoginDate, inputs.asOf));
  const score = days <= fullDays ? 100 : toMeasureScore(ramp(days, zeroDays, fullDays));
  if (days === 0) return { score, facts: [['recency_today']] };
  return { score, facts: [score < 100 ? ['recency_gap', days] : ['recency_ago', days]] };
}

export function scoreRecency(inputs: RecencyInputs, settings: HealthSettings): MeasureScore {
  return withDetail(recencyFacts(inputs, settings));
}
