import { z } from 'zod';
import {
  externalId,
  optionalDay,
  optionalEmail,
  optionalMoney,
  optionalText,
  storable,
} from './fields';

/**
 * An account as a CRM knows it. A row is the whole record: an omitted optional field is
 * stored as empty, so the source system stays the one truth.
 */
export const accountRow = z
  .strictObject({
    external_id: externalId,
    name: storable(
      z
        .string({ error: 'must be a non-empty string' })
        .trim()
        .min(1, 'must not be empty')
        .max(300, 'longer than 300 characters'),
    ),
    domain: optionalText(253),
    segment: optionalText(100),
    tier: optionalText(100),
    arr: optionalMoney,
    owner_email: optionalEmail,
    contract_start: optionalDay,
    renewal_date: optionalDay,
    slack_channel: optionalText(100),
    teams_channel: optionalText(300),
  })
  .superRefine((row, ctx) => {
    if (row.contract_start && row.renewal_date && row.renewal_date < row.contract_start) {
      ctx.addIssue({
        code: 'custom',
        path: ['renewal_date'],
        message: 'is before contract_start',
      });
    }
  });

export type AccountRow = z.output<typeof accountRow>;
