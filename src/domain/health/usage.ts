import { type Fact, type MeasureFacts, withDetail } from './facts';
import type { HealthInputs, HealthSettings, MeasureScore } from './model';
import { clamp, percent, ramp, toMeasureScore } from './scale';

/**
 * Days of usage the engine reads for one day's score: the 30 scored and the 30 before them
 * they are compared with. Older usage cannot change that day's health.
 */
export const USAGE_WINDOW_DAYS = 60;

/** Points a drop of dropPenaltyAt or more costs; smaller drops cost proportionally less. */
export const MAX_DROP_PENALTY = 50;

type UsageInputs = Pick<
  HealthInputs,
  'seats' | 'activeUsers30' | 'activeUsersPrev30' | 'logins30' | 'loginsPrev30'
>;

/** Fractional fall from prev to current, 0 when flat, rising or unknown. */
function dropOf(current: number | null, prev: number | null): number {
  if (current === null || prev === null || prev <= 0) return 0;
  return clamp((prev - current) / prev, 0, 1);
}

export function usageFacts(inputs: UsageInputs, settings: HealthSettings): MeasureFacts {
  const { seats, activeUsers30 } = inputs;
  if (activeUsers30 === null || seats === null || seats <= 0) {
    return { score: null, facts: [['usage_none']] };
  }
  const { fullUtilisation, dropPenaltyAt } = settings.usage;
  const utilisation = Math.max(0, activeUsers30) / seats;
  const utilScore = ramp(utilisation, 0, fullUtilisation);

  // Logins can collapse while the same few people still appear daily, so the larger of the
  // two falls counts; taking the max keeps the score monotonic in every input.
  const userDrop = dropOf(activeUsers30, inputs.activeUsersPrev30);
  const loginDrop = dropOf(inputs.logins30, inputs.loginsPrev30);
  const drop = Math.max(userDrop, loginDrop);
  const penalty = MAX_DROP_PENALTY * clamp(drop / dropPenaltyAt, 0, 1);

  const score = toMeasureScore(utilScore - penalty);
  // Say every fact that costs points, the costlier first: a fall and low use are both news.
  const facts: Fact[] = [];
  const dropFact: Fact = ['usage_drop', loginDrop >= userDrop ? 'logins' : 'users', percent(drop)];
  const utilFact: Fact = ['usage_util', percent(utilisation)];
  if (penalty >= 1) facts.push(dropFact);
  if (utilScore < 100 || facts.length === 0) {
    // Stable order on equal cost, as the sort of the worded facts always was.
    if (facts.length > 0 && 100 - utilScore > penalty) facts.unshift(utilFact);
    else facts.push(utilFact);
  }
  return { score, facts };
}

export function scoreUsage(inputs: UsageInputs, settings: HealthSettings): MeasureScore {
  return withDetail(usageFacts(inputs, settings));
}
