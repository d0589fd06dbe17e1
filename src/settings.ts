import { z } from 'zod';
import { connectorSettingsSchema } from './domain/connectors/settings';
import { healthSettingsSchema } from './domain/health/settings';
import { LOCALES } from './domain/locale';
import { DEFAULT_PLAYBOOKS, playbooksSchema } from './domain/playbooks/model';
import { DEFAULT_REASONS } from './domain/reviews';
import { DEFAULT_COOLDOWN_HOURS } from './domain/rules/model';
import { SENSITIVITIES } from './domain/rules/sensitivity';
import { cadenceSchema } from './domain/timeline';

const days = z.number().int().min(1).max(3650);
const ratio = z.number().min(0).max(1);

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'config.expect.timezone');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'config.expect.hhmm');

const rule = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      enabled: z.boolean().default(true),
      // A resolved alert of the rule stays quiet this long, even if its condition comes back.
      cooldownHours: z
        .number()
        .min(0)
        .max(24 * 90)
        .default(DEFAULT_COOLDOWN_HOURS),
      ...shape,
    })
    .strict()
    // Every field has a default, so an absent rule section means "all defaults".
    .prefault({} as never);

export const rulesSchema = z
  .object({
    band_drop: rule({}),
    score_drop: rule({
      points: z.number().int().min(1).max(100).default(15),
      days: days.default(7),
    }),
    inactivity: rule({ days: days.default(14) }),
    usage_decline: rule({ dropAtLeast: ratio.default(0.3) }),
    detractor: rule({ maxScore: z.number().int().min(0).max(10).default(6) }),
    urgent_ticket: rule({ days: days.default(7) }),
    renewal_at_risk: rule({ days: days.default(90) }),
    onboarding_stall: rule({ days: days.default(90), minActivation: ratio.default(0.25) }),
    // Off unless enabled: the check-ins due show on App Home and in the digest already.
    touch_overdue: rule({ enabled: z.boolean().default(false) }),
    // Expansion signals: cards that say "Expansion", not risk. `arrUplift` is the share of the
    // account's ARR the signal is estimated to be worth (the card shows how it was computed).
    seats_high: rule({
      minUse: ratio.default(0.8),
      days: z.number().int().min(1).max(60).default(14),
      arrUplift: ratio.default(0.2),
    }),
    premium_adopted: rule({ arrUplift: ratio.default(0.15) }),
    users_growth: rule({
      growthAtLeast: z.number().min(0.01).max(100).default(0.3),
      arrUplift: ratio.default(0.1),
    }),
  })
  .strict()
  .prefault({});

export const settingsSchema = z
  .object({
    timezone: timezone.default('UTC'),
    // What Tend writes in when neither the person nor the channel has a language (en, zh-CN).
    language: z.enum(LOCALES).default('en'),
    admins: z.array(z.email()).default([]),
    // May see team-wide statistics (/stats team); admins may too.
    managers: z.array(z.email()).default([]),
    // Named teams of CSMs by e-mail; "cs alerts team" is the accounts owned by anyone in a team
    // the person is in (a person in no team: their own accounts).
    teams: z.record(z.string().min(1), z.array(z.email()).min(1)).default({}),
    health: healthSettingsSchema.prefault({}),
    rules: rulesSchema,
    // Days between check-ins per account tier; null = tech-touch (none expected). Tiers not
    // listed expect none either.
    cadence: cadenceSchema,
    reminders: z
      .object({
        windows: z
          .array(days)
          .min(1)
          .default([120, 90, 60, 30, 7])
          .transform((w) => [...new Set(w)].sort((a, b) => b - a)),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        escalateAfterHours: z
          .number()
          .min(1)
          .max(24 * 30)
          .default(24),
        escalationChannel: z.string().min(1).optional(),
        // Per channel: at most this many alert cards an hour; the rest of a run share one
        // "N more alerts" card.
        maxPostsPerHour: z.number().int().min(1).max(1000).default(10),
        // One card per account episode; false posts a card per (account, rule) as before.
        groupEpisodes: z.boolean().default(true),
        // A finding for an account whose episode was resolved within this many days re-opens
        // that card (a reply in its thread) instead of posting a new one; 0 = never.
        reopenWithinDays: z.number().min(0).max(90).default(7),
        // An acknowledged alert with no follow-up or note this long reminds its assignee once.
        remindAfterHours: z
          .number()
          .min(1)
          .max(24 * 30)
          .default(24),
        // Per account tier: strict | normal | loose (see domain/rules/sensitivity.ts).
        sensitivity: z.record(z.string().min(1), z.enum(SENSITIVITIES)).default({}),
      })
      .strict()
      .prefault({}),
    loops: z
      .object({
        // A detractor (NPS 0–6) or low CSAT (1–2) answer is to be followed up within this.
        contactWithinHours: z
          .number()
          .min(1)
          .max(24 * 30)
          .default(48),
        // Passives (NPS 7–8) open a loop too when enabled, due in this many business days.
        passives: z
          .object({
            enabled: z.boolean().default(false),
            businessDays: z.number().int().min(1).max(30).default(5),
          })
          .strict()
          .prefault({}),
        // Only answers given this recently open a loop: importing a year of history must not
        // open a year of overdue loops.
        answeredWithinDays: days.default(14),
      })
      .strict()
      .prefault({}),
    reviews: z
      .object({
        // The reason codes a churn or save review offers (snake_case words).
        reasons: z
          .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'config.expect.snakeCode'))
          .min(1)
          .max(50)
          .default([...DEFAULT_REASONS]),
      })
      .strict()
      .prefault({}),
    digest: z
      .object({ at: hhmm.default('09:00'), weekdaysOnly: z.boolean().default(true) })
      .strict()
      .prefault({}),
    jobs: z
      .object({
        // After downtime, slots missed within this window are caught up once; older ones are skipped.
        catchUpHours: z
          .number()
          .min(0)
          .max(24 * 7)
          .default(24),
        // A slot left `running` longer than this (its replica died) is run again. Longer than
        // any job takes; a job that outlives it may run twice, which every job tolerates
        // (alerts, reminders and digests are deduplicated).
        leaseMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .default(15),
        // A failed slot is retried after this, doubled per attempt (at most an hour apart),
        // while it is still within catchUpHours and not superseded by a newer slot.
        retryMinutes: z.number().min(0.1).max(60).default(1),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        // Failed tries of one message go on this long (429s do not count) before it gives up.
        retryHours: z
          .number()
          .min(0.01)
          .max(24 * 14)
          .default(24),
      })
      .strict()
      .prefault({}),
    // How long each kind of data is kept; the hourly job deletes (or, for survey comments,
    // blanks) what is older. `tend privacy status` shows what is held.
    retention: z
      .object({
        usageDays: days.default(400),
        sentMessagesDays: days.default(30),
        surveyCommentsDays: days.default(730),
        chatUsersDays: days.default(90),
        alertHistoryDays: days.default(730),
        auditLogDays: days.default(2555),
      })
      .strict()
      .prefault({}),
    connectors: connectorSettingsSchema,
    // Versioned playbooks (see README "Playbooks"); the four defaults when none are named.
    playbooks: playbooksSchema.default(DEFAULT_PLAYBOOKS),
    expansion: z
      .object({
        // Where "Create opportunity" posts: a Slack channel id, or slack:/teams:/local:<id>.
        salesChannel: z.string().min(1).optional(),
        // Feature names (as tracked) whose first use is an expansion signal.
        premiumFeatures: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    // Only tracked core features reach track_features, where a first use is seen.
    const tracked = new Set(s.connectors.segment.coreFeatures.map((f) => f.toLowerCase()));
    s.expansion.premiumFeatures.forEach((f, i) => {
      if (!tracked.has(f.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['expansion', 'premiumFeatures', i],
          message: 'config.expect.tracked',
          params: { feature: f },
        });
      }
    });
    // A rule trigger must name a rule Tend has.
    s.playbooks.forEach((p, i) => {
      if (p.trigger.type === 'rule' && !Object.hasOwn(s.rules, p.trigger.rule)) {
        ctx.addIssue({
          code: 'custom',
          path: ['playbooks', i, 'trigger', 'rule'],
          message: 'config.expect.rule',
          params: { rule: p.trigger.rule, rules: Object.keys(s.rules).join(', ') },
        });
      }
    });
  });

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
