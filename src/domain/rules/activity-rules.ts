import { daysBetween } from '../dates';
import { type Rule, says } from './model';

export const inactivity: Rule<'inactivity'> = (f, p) => {
  if (!f.hasUsage) return null;
  const since = f.lastLoginDate === null ? null : daysBetween(f.lastLoginDate, f.today);
  if (since !== null && since < p.days) return null;
  return {
    rule: 'inactivity',
    severity: since === null || since >= p.days * 2 ? 'critical' : 'warning',
    summary:
      since === null
        ? `no login for at least ${p.days} days`
        : `no login for ${since} days (last on ${f.lastLoginDate})`,
    args:
      since === null || f.lastLoginDate === null
        ? says({ key: 'noLoginEver', days: p.days })
        : says({ key: 'noLogin', days: since, day: f.lastLoginDate }),
    // A login ends the episode; the next silence is a new one.
    conditionKey: f.lastLoginDate ?? 'never',
    details: { lastLogin: f.lastLoginDate, days: since },
  };
};

export const usageDecline: Rule<'usage_decline'> = (f, p) => {
  const now = f.activeUsers30;
  const before = f.activeUsersPrev30;
  if (now === null || before === null || before <= 0) return null;
  const drop = (before - now) / before;
  if (drop < p.dropAtLeast) return null;
  const pct = Math.round(drop * 100);
  return {
    rule: 'usage_decline',
    severity: drop >= 0.6 ? 'critical' : 'warning',
    summary: `active users down ${pct}% vs the previous 30 days`,
    args: { key: 'usageDown', pct },
    conditionKey: 'decline',
    details: { before: round1(before), now: round1(now), dropPct: pct },
  };
};

export const onboardingStall: Rule<'onboarding_stall'> = (f, p) => {
  if (!f.contractStart || f.activation === null) return null;
  const age = daysBetween(f.contractStart, f.today);
  // The first two weeks are set-up time; stalling means later.
  if (age < 14 || age >= p.days) return null;
  if (f.activation >= p.minActivation) return null;
  const pct = Math.round(f.activation * 100);
  return {
    rule: 'onboarding_stall',
    severity: 'warning',
    summary: `onboarding stalls: ${pct}% of core features in use after ${age} days`,
    args: { key: 'onboardingStall', pct, days: age },
    conditionKey: f.contractStart,
    details: { ageDays: age, activationPct: pct },
  };
};

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
