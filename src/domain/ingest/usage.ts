import { z } from 'zod';
import { count, day, externalId, optionalCount } from './fields';

/** One account's product usage on one day; a second row for the same day replaces the first. */
export const usageRow = z
  .strictObject({
    account_external_id: externalId,
    day,
    active_users: count,
    seats: optionalCount,
    logins: optionalCount.transform((v) => v ?? 0),
    core_features_used: optionalCount,
    core_features_total: optionalCount,
  })
  .superRefine((row, ctx) => {
    const { core_features_used: used, core_features_total: total } = row;
    if (used !== null && total !== null && used > total) {
      ctx.addIssue({
        code: 'custom',
        path: ['core_features_used'],
        message: 'is more than core_features_total',
      });
    }
  });

export type UsageRow = z.output<typeof usageRow>;
