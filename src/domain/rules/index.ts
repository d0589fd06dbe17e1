import { inactivity, onboardingStall, usageDecline } from './activity-rules';

export * from './episodes';

import { premiumAdopted, seatsHigh, usersGrowth } from './expansion-rules';

export * from './sensitivity';

import { bandDrop, renewalAtRisk, scoreDrop } from './health-rules';
import type { Finding, RuleFacts, RuleSettings } from './model';
import { detractor, urgentTicket } from './signal-rules';
import { touchOverdue } from './touch-rules';

export * from './expansion-potential';
export * from './model';
export {
  bandDrop,
  detractor,
  inactivity,
  onboardingStall,
  premiumAdopted,
  renewalAtRisk,
  scoreDrop,
  seatsHigh,
  touchOverdue,
  urgentTicket,
  usageDecline,
  usersGrowth,
};

/** Every enabled rule over one account's facts, in the fixed order of RULES. */
export function evaluateRules(facts: RuleFacts, settings: RuleSettings): Finding[] {
  const found: (Finding | null)[] = [
    settings.band_drop.enabled ? bandDrop(facts, settings.band_drop) : null,
    settings.score_drop.enabled ? scoreDrop(facts, settings.score_drop) : null,
    settings.inactivity.enabled ? inactivity(facts, settings.inactivity) : null,
    settings.usage_decline.enabled ? usageDecline(facts, settings.usage_decline) : null,
    settings.detractor.enabled ? detractor(facts, settings.detractor) : null,
    settings.urgent_ticket.enabled ? urgentTicket(facts, settings.urgent_ticket) : null,
    settings.renewal_at_risk.enabled ? renewalAtRisk(facts, settings.renewal_at_risk) : null,
    settings.onboarding_stall.enabled ? onboardingStall(facts, settings.onboarding_stall) : null,
    settings.touch_overdue.enabled ? touchOverdue(facts, settings.touch_overdue) : null,
    settings.seats_high.enabled ? seatsHigh(facts, settings.seats_high) : null,
    settings.premium_adopted.enabled ? premiumAdopted(facts, settings.premium_adopted) : null,
    settings.users_growth.enabled ? usersGrowth(facts, settings.users_growth) : null,
  ];
  return found.filter((f): f is Finding => f !== null);
}
