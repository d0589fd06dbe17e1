import { addDays, daysBetween, parseDay } from '../dates';
import type { DemoUsageRow, DemoUsageSeries } from './model';
import type { Rng } from './random';

/** How an account uses the product, as functions of days before today. */
export interface UsageProfile {
  seats: number;
  featuresTotal: number;
  /** Share of seats active on a weekday. */
  utilAt(daysAgo: number): number;
  featuresAt(daysAgo: number): number;
  loginsPerUserAt(daysAgo: number): number;
  /** Weekend activity relative to a weekday. */
  weekendFactor: number;
  /** Relative day-to-day spread of active users. */
  noise: number;
  /** Nobody logs in on the last `quietDays` days (a stalled or dormant account). */
  quietDays: number;
}

/** Linear from `then` (at `span` days ago) to `now` (today). */
export function drift(then: number, now: number, span: number): (daysAgo: number) => number {
  return (daysAgo) => now + ((then - now) * Math.min(daysAgo, span)) / Math.max(1, span);
}

/** Epoch day 0 (1970-01-01) was a Thursday; weekday 0 = Sunday. */
const isWeekend = (epochDay: number): boolean => {
  const weekday = (epochDay + 4) % 7;
  return weekday === 0 || weekday === 6;
};

export function usageSeries(
  externalId: string,
  profile: UsageProfile,
  firstDay: string,
  today: string,
  rng: Rng,
): DemoUsageSeries {
  const length = Math.max(0, daysBetween(firstDay, today) + 1);
  const series: DemoUsageSeries = {
    account_external_id: externalId,
    first_day: firstDay,
    seats: profile.seats,
    core_features_total: profile.featuresTotal,
    active_users: new Int32Array(length),
    logins: new Int32Array(length),
    core_features_used: new Int32Array(length),
  };
  const first = parseDay(firstDay);
  for (let i = 0; i < length; i++) {
    const daysAgo = length - 1 - i;
    if (daysAgo < profile.quietDays) continue;
    const weekend = isWeekend(first + i);
    const level = profile.utilAt(daysAgo) * (weekend ? profile.weekendFactor : 1);
    const wobble = 1 + profile.noise * rng.normal();
    const active = Math.round(profile.seats * Math.max(0, level * wobble));
    const shown = Math.min(profile.seats, active);
    if (shown === 0) continue;
    const perUser = profile.loginsPerUserAt(daysAgo) * (1 + 0.1 * rng.normal());
    const features = profile.featuresAt(daysAgo) - (weekend ? 1 : 0) - (rng.chance(0.3) ? 1 : 0);
    series.active_users[i] = shown;
    series.logins[i] = Math.max(shown, Math.round(shown * perUser));
    series.core_features_used[i] = Math.max(
      1,
      Math.min(profile.featuresTotal, Math.round(features)),
    );
  }
  return series;
}

export function usageRows(series: DemoUsageSeries): DemoUsageRow[] {
  return Array.from(series.active_users, (active, i) => ({
    account_external_id: series.account_external_id,
    day: addDays(series.first_day, i),
    active_users: active,
    seats: series.seats,
    logins: series.logins[i] ?? 0,
    core_features_used: series.core_features_used[i] ?? 0,
    core_features_total: series.core_features_total,
  }));
}
