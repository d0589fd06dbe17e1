import { addDays, daysBetween } from '../dates';
import { type ActivityContext, randomSurveys, randomTickets } from './activity';
import type {
  DemoAccount,
  DemoOptions,
  DemoSurveyAnswer,
  DemoTicket,
  DemoUsageSeries,
  Segment,
  Tier,
} from './model';
import { CHINESE_NAMES, type CompanyNames } from './names';
import { createRng, hashSeed, type Rng } from './random';
import { drift, type UsageProfile, usageSeries } from './usage';

/** The CSMs who own the demo accounts; the named stories are spread among the first four. */
export const CSM_OWNERS = ['jane', 'omar', 'priya', 'lucas', 'mei', 'kwame', 'sofia', 'daniel'].map(
  (name) => `${name}@tend.example`,
);
export const FEATURES_TOTAL = 10;

export interface GeneratedAccount {
  account: DemoAccount;
  usage: DemoUsageSeries;
  tickets: DemoTicket[];
  surveys: DemoSurveyAnswer[];
}

export const tagOf = (n: number): string => String(n).padStart(5, '0');
export const externalIdOf = (n: number): string => `acc-${tagOf(n)}`;

/** First usage day: the window's start, or the contract start when the account is younger. */
export function firstUsageDay(options: DemoOptions, contractStart: string): string {
  const windowStart = addDays(options.today, -(options.days - 1));
  return contractStart > windowStart ? contractStart : windowStart;
}

const SEGMENTS: readonly (readonly [Segment, number])[] = [
  ['enterprise', 10],
  ['mid-market', 30],
  ['smb', 60],
];
/** ARR is log-normal within a segment: a few large contracts, many small ones. */
const ARR: Record<Segment, readonly [median: number, sigma: number]> = {
  enterprise: [180_000, 0.55],
  'mid-market': [45_000, 0.5],
  smb: [8_000, 0.6],
};
const TIERS: Record<Segment, readonly (readonly [Tier, number])[]> = {
  enterprise: [
    ['gold', 7],
    ['silver', 3],
  ],
  'mid-market': [
    ['gold', 2],
    ['silver', 5],
    ['bronze', 3],
  ],
  smb: [
    ['silver', 2],
    ['bronze', 8],
  ],
};
type Trend = 'growing' | 'flat' | 'declining';

function contractDates(rng: Rng, today: string): { start: string; renewal: string } {
  if (rng.chance(0.08)) {
    const start = addDays(today, -rng.int(3, 89));
    return { start, renewal: addDays(start, 365) };
  }
  const renewal = addDays(today, rng.int(1, 365));
  const years = rng.weighted([
    [1, 40],
    [2, 30],
    [3, 18],
    [4, 8],
    [5, 4],
  ] as const);
  return { start: addDays(renewal, -365 * years), renewal };
}

function usageProfile(rng: Rng, seats: number, trend: Trend, segment: Segment, span: number) {
  const cap = (x: number) => Math.min(0.95, x);
  let then: number;
  let now: number;
  let featuresThen: number;
  let featuresNow: number;
  if (trend === 'growing') {
    then = rng.between(0.2, 0.45);
    now = cap(then * rng.between(1.2, 1.7));
    featuresThen = rng.int(3, 6);
    featuresNow = Math.min(FEATURES_TOTAL, featuresThen + rng.int(1, 3));
  } else if (trend === 'declining') {
    then = rng.between(0.35, 0.7);
    now = then * rng.between(0.45, 0.8);
    featuresThen = rng.int(5, 8);
    featuresNow = Math.max(1, featuresThen - rng.int(1, 3));
  } else {
    then = rng.between(0.2, 0.75);
    now = cap(then * rng.between(0.9, 1.1));
    featuresThen = rng.int(3, 9);
    featuresNow = featuresThen;
  }
  const perUser = rng.between(1.3, 3.2);
  const dormant = trend === 'declining' && rng.chance(0.2);
  const profile: UsageProfile = {
    seats,
    featuresTotal: FEATURES_TOTAL,
    utilAt: drift(then, now, span),
    featuresAt: drift(featuresThen, featuresNow, span),
    loginsPerUserAt: drift(perUser, trend === 'declining' ? perUser * 0.8 : perUser, span),
    weekendFactor: segment === 'smb' ? rng.between(0.15, 0.4) : rng.between(0.1, 0.25),
    noise: rng.between(0.06, 0.15),
    quietDays: dormant ? rng.int(5, 40) : seats < 10 && rng.chance(0.2) ? rng.int(1, 6) : 0,
  };
  return { profile, dormant };
}

/** A new customer ramps up over its first three weeks. */
function withRampUp(profile: UsageProfile, ageToday: number): UsageProfile {
  const utilAt = profile.utilAt;
  return {
    ...profile,
    utilAt: (daysAgo) => utilAt(daysAgo) * Math.min(1, 0.25 + (ageToday - daysAgo) / 28),
  };
}

export function randomAccount(
  n: number,
  options: DemoOptions,
  names: CompanyNames,
): GeneratedAccount {
  const rng = createRng(hashSeed(options.seed, 'account', n));
  // A Chinese-named account still draws its random name, so every later draw stays the same.
  const drawn = names.next(rng, n);
  const { name, domain } = CHINESE_NAMES[n] ?? drawn;
  const segment = rng.weighted(SEGMENTS);
  const [median, sigma] = ARR[segment];
  const arr = Math.max(1_200, Math.round(rng.logNormal(median, sigma) / 100) * 100);
  const seats = Math.max(3, Math.round(arr / rng.between(350, 900)));
  const { start, renewal } = contractDates(rng, options.today);
  const age = daysBetween(start, options.today);
  const trend = rng.weighted<Trend>(
    age < 90
      ? [
          ['growing', 6],
          ['flat', 2.5],
          ['declining', 1.5],
        ]
      : [
          ['growing', 25],
          ['flat', 55],
          ['declining', 20],
        ],
  );
  const span = options.days - 1;
  const built = usageProfile(rng, seats, trend, segment, span);
  const profile = age < 90 ? withRampUp(built.profile, age) : built.profile;
  const externalId = externalIdOf(n);
  const firstDay = firstUsageDay(options, start);
  const account: DemoAccount = {
    external_id: externalId,
    name,
    domain,
    segment,
    tier: rng.weighted(TIERS[segment]),
    arr,
    owner_email: rng.pick(CSM_OWNERS),
    contract_start: start,
    renewal_date: renewal,
  };
  const usage = usageSeries(externalId, profile, firstDay, options.today, rng);
  const moodBase = { growing: 0.75, flat: 0.6, declining: 0.3 }[trend];
  const activity: ActivityContext = {
    rng,
    externalId,
    tag: tagOf(n),
    domain,
    seats,
    mood: Math.max(0, Math.min(1, moodBase + 0.15 * rng.normal() - (built.dormant ? 0.2 : 0))),
    firstDay,
    span: daysBetween(firstDay, options.today) + 1,
    today: options.today,
  };
  const tickets = randomTickets(activity);
  return { account, usage, tickets, surveys: randomSurveys(activity, tickets) };
}
