import { z } from 'zod';
import { DEFAULT_HEALTH_SETTINGS as D, type HealthSettings } from './model';

const weight = z.number().min(0).max(1000);
const points = z.number().min(0).max(100);
const days = z.number().int().min(0).max(3650);
const fraction = z.number().gt(0).max(1);

/**
 * The health part of the settings file. Every field is optional and falls back to the
 * default, so `healthSettingsSchema.parse({})` is DEFAULT_HEALTH_SETTINGS.
 */
export const healthSettingsSchema = z
  .object({
    weights: z
      .object({
        usage: weight.default(D.weights.usage),
        recency: weight.default(D.weights.recency),
        adoption: weight.default(D.weights.adoption),
        support: weight.default(D.weights.support),
        sentiment: weight.default(D.weights.sentiment),
      })
      .default(D.weights)
      .refine((w) => Object.values(w).some((v) => v > 0), 'config.expect.weight'),
    bands: z
      .object({
        green: points.default(D.bands.green),
        yellow: points.default(D.bands.yellow),
      })
      .default(D.bands)
      .refine((b) => b.green > b.yellow, 'config.expect.bands'),
    usage: z
      .object({
        fullUtilisation: fraction.default(D.usage.fullUtilisation),
        dropPenaltyAt: fraction.default(D.usage.dropPenaltyAt),
      })
      .default(D.usage),
    recency: z
      .object({
        fullDays: days.default(D.recency.fullDays),
        zeroDays: days.default(D.recency.zeroDays),
      })
      .default(D.recency)
      .refine((r) => r.zeroDays > r.fullDays, 'config.expect.recency'),
    support: z
      .object({
        priorityWeights: z
          .object({
            low: points.default(D.support.priorityWeights.low),
            normal: points.default(D.support.priorityWeights.normal),
            high: points.default(D.support.priorityWeights.high),
            urgent: points.default(D.support.priorityWeights.urgent),
          })
          .default(D.support.priorityWeights),
        urgentAgeDays: days.default(D.support.urgentAgeDays),
      })
      .default(D.support),
    sentiment: z
      .object({
        npsWindowDays: days.min(1).default(D.sentiment.npsWindowDays),
        csatWeight: z.number().min(0).max(1).default(D.sentiment.csatWeight),
      })
      .default(D.sentiment),
    onboardingDays: days.default(D.onboardingDays),
  })
  .strict();

export function parseHealthSettings(input: unknown): HealthSettings {
  return healthSettingsSchema.parse(input ?? {});
}
