import { daysBetween } from '../dates';
import type { HealthInputs, HealthSettings, MeasureScore } from './model';
import { plural, ramp, toMeasureScore } from './scale';

type RecencyInputs = Pick<HealthInputs, 'asOf' | 'lastLoginDate' | 'logins30'>;

export function scoreRecency(inputs: RecencyInputs, settings: HealthSettings): MeasureScore {
  const { fullDays, zeroDays } = settings.recency;
  if (inputs.lastLoginDate === null) {
    // Usage rows without a single login mean nobody ever logged in: the worst case, not
    // a gap in the data.
    if (inputs.logins30 !== null) return { score: 0, detail: 'no login on record' };
    return { score: null, detail: 'no login data' };
  }
  // A login dated after asOf (clock skew, late import) counts as today.
  const days = Math.max(0, daysBetween(inputs.lastLoginDate, inputs.asOf));
  const score = days <= fullDays ? 100 : toMeasureScore(ramp(days, zeroDays, fullDays));
  const detail =
    days === 0
      ? 'last login today'
      : score < 100
        ? `no login for ${plural(days, 'day')}`
        : `last login ${plural(days, 'day')} ago`;
  return { score, detail };
}
