import { z } from 'zod';
import { externalId, instant, oneOf, optionalInstant, optionalText } from './fields';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;

/** A support ticket as the help desk last saw it. */
export const ticketRow = z
  .strictObject({
    external_id: externalId,
    account_external_id: externalId,
    priority: oneOf(TICKET_PRIORITIES),
    status: oneOf(TICKET_STATUSES),
    subject: optionalText(500),
    opened_at: instant,
    closed_at: optionalInstant,
  })
  .superRefine((row, ctx) => {
    if (row.closed_at && row.closed_at < row.opened_at) {
      ctx.addIssue({ code: 'custom', path: ['closed_at'], message: 'is before opened_at' });
    }
  });

export type TicketRow = z.output<typeof ticketRow>;
