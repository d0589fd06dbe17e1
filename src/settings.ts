import { z } from 'zod';
import { healthSettingsSchema } from './domain/health/settings';
import { DEFAULT_REASONS } from './domain/reviews';

const days = z.number().int().min(1).max(3650);
const ratio = z.number().min(0).max(1);

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Europe/Berlin');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24 h)');

const rule = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ enabled: z.boolean().default(true), ...shape })
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
  })
  .strict()
  .prefault({});

export const settingsSchema = z
  .object({
    timezone: timezone.default('UTC'),
    admins: z.array(z.email()).default([]),
    health: healthSettingsSchema.prefault({}),
    rules: rulesSchema,
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
          .array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a snake_case code'))
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
    retention: z
      .object({ usageDays: days.default(400), sentMessagesDays: days.default(30) })
      .strict()
      .prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
