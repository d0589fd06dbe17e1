import type { Rule } from './model';

const pct = (r: number) => Math.round(r * 100);

/** Active users at or above `minUse` of the seats on every day of the last `days` days. */
export const seatsHigh: Rule<'seats_high'> = (f, p) => {
  const s = f.seatUse;
  // Every day of the window must have had seats and the use above the line.
  if (!s || s.days < p.days || s.minUse < p.minUse) return null;
  return {
    rule: 'seats_high',
    severity: 'info',
    summary: `at least ${pct(s.minUse)}% of ${s.seats} seats used every day for ${p.days} days`,
    args: { key: 'seatsHigh', pct: pct(s.minUse), seats: s.seats, days: p.days },
    // One episode while use stays high; a dip below and back is a new one.
    conditionKey: 'seats',
    details: { minUsePct: pct(s.minUse), seats: s.seats, days: p.days },
  };
};

/** A premium feature (settings `expansion.premiumFeatures`) used for the first time. */
export const premiumAdopted: Rule<'premium_adopted'> = (f) => {
  const first = [...(f.premiumFirstUse ?? [])].sort(
    (a, b) => a.firstDay.localeCompare(b.firstDay) || a.feature.localeCompare(b.feature),
  );
  if (first.length === 0) return null;
  const names = first.map((u) => u.feature);
  return {
    rule: 'premium_adopted',
    severity: 'info',
    summary: `started using ${names.join(', ')} (premium) on ${first[0]!.firstDay}`,
    // Feature names are the customer's own words (settings): they stay as written.
    args: { key: 'premiumAdopted', features: names.join(', '), day: first[0]!.firstDay },
    // Each feature adopted is its own occurrence.
    conditionKey: names.join('+'),
    details: { features: names.join(', '), firstDay: first[0]!.firstDay },
  };
};

/** Average active users of the last 30 days up at least `growthAtLeast` on the 30 before. */
export const usersGrowth: Rule<'users_growth'> = (f, p) => {
  const now = f.activeUsers30;
  const before = f.activeUsersPrev30;
  if (now === null || before === null || before <= 0) return null;
  const growth = (now - before) / before;
  if (growth < p.growthAtLeast) return null;
  return {
    rule: 'users_growth',
    severity: 'info',
    summary: `active users up ${pct(growth)}% vs the previous 30 days`,
    args: { key: 'usersUp', pct: pct(growth) },
    conditionKey: 'growth',
    details: {
      before: Math.round(before * 10) / 10,
      now: Math.round(now * 10) / 10,
      growthPct: pct(growth),
    },
  };
};
