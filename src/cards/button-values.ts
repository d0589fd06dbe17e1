import { z } from 'zod';
import { isIsoDay } from '../domain/dates';

// Button values are JSON we wrote, but they come back from outside (Slack's action value,
// an Adaptive Card's data): every surface checks them with these same schemas.
export const accountValue = z.object({ accountId: z.number().int().positive() });
export const followUpValue = z.object({
  followUpId: z.number().int().positive(),
  list: z.enum(['mine', 'account']).optional(),
  accountId: z.number().int().positive().optional(),
});

/** A renewal reminder's buttons: the account and the renewal date the reminder is about. */
export const renewalValue = z.object({
  accountId: z.number().int().positive(),
  renewalDate: z.string().refine(isIsoDay),
});

export function parseValue<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
