import type { RuleSettings } from './model';

/**
 * How closely an account is watched. `strict` fires sooner (smaller drops, shorter silences:
 * for the tiers you cannot afford to lose), `normal` uses the rules as configured, `loose`
 * fires only on bigger changes (for long-tail tiers that would otherwise drown the channel).
 */
export const SENSITIVITIES = ['strict', 'normal', 'loose'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

const round2 = (n: number) => Math.round(n * 100) / 100;
const atLeast1 = (n: number) => Math.max(1, Math.round(n));

/**
 * The rule thresholds at a sensitivity, from the configured (normal) ones. Only thresholds
 * move; windows that decide which facts are loaded (score_drop.days) stay as configured.
 */
export function rulesAt(base: RuleSettings, sensitivity: Sensitivity): RuleSettings {
  if (sensitivity === 'normal') return base;
  const strict = sensitivity === 'strict';
  // strict: two thirds of a threshold (fires sooner); loose: one and a half times.
  const k = strict ? 2 / 3 : 1.5;
  return {
    ...base,
    score_drop: { ...base.score_drop, points: atLeast1(base.score_drop.points * k) },
    inactivity: { ...base.inactivity, days: atLeast1(base.inactivity.days * (strict ? 0.5 : 1.5)) },
    usage_decline: {
      ...base.usage_decline,
      dropAtLeast: Math.min(1, round2(base.usage_decline.dropAtLeast * k)),
    },
    detractor: {
      ...base.detractor,
      // strict also hears passives (7); loose only clear detractors.
      maxScore: Math.max(0, Math.min(10, base.detractor.maxScore + (strict ? 1 : -2))),
    },
    urgent_ticket: {
      ...base.urgent_ticket,
      days: atLeast1(base.urgent_ticket.days * (strict ? 0.5 : 2)),
    },
    renewal_at_risk: {
      ...base.renewal_at_risk,
      days: atLeast1(base.renewal_at_risk.days * (strict ? 4 / 3 : 2 / 3)),
    },
    onboarding_stall: {
      ...base.onboarding_stall,
      minActivation: Math.min(
        1,
        round2(base.onboarding_stall.minActivation * (strict ? 1.4 : 0.6)),
      ),
    },
  };
}

/** Each tier's preset (unlisted tiers and accounts without one: `normal`). */
export function sensitivityOf(
  tier: string | null,
  presets: Readonly<Record<string, Sensitivity>>,
): Sensitivity {
  if (tier === null) return 'normal';
  const key = Object.keys(presets).find((t) => t.toLowerCase() === tier.toLowerCase());
  return key ? (presets[key] ?? 'normal') : 'normal';
}
