import { createHmac } from 'node:crypto';
import { z } from 'zod';

// Zendesk's event webhooks (https://developer.zendesk.com/api-reference/webhooks/event-types/
// ticket-events/): one event per request, `type` zen:event-type:ticket.*, the ticket as it is
// now in `detail` (ids as strings, status and priority in capitals in the docs' examples).

/** base64(HMAC-SHA256(secret, timestamp + body)): Zendesk's X-Zendesk-Webhook-Signature. */
export function zendeskSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(timestamp).update(body).digest('base64');
}

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

export const zendeskEvent = z.looseObject({
  type: z.string().min(1),
  id: text.optional(),
  time: z.string().optional(),
  subject: z.string().optional(),
  detail: z
    .looseObject({
      id: text.nullish(),
      status: z.string().nullish(),
      priority: z.string().nullish(),
      subject: z.string().nullish(),
      organization_id: text.nullish(),
      created_at: z.string().nullish(),
      updated_at: z.string().nullish(),
    })
    .nullish(),
  event: z.unknown().optional(),
});
export type ZendeskEvent = z.output<typeof zendeskEvent>;

const STATUS: Record<string, 'open' | 'pending' | 'closed'> = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  hold: 'pending',
  solved: 'closed',
  closed: 'closed',
};

const PRIORITY: Record<string, 'low' | 'normal' | 'high' | 'urgent'> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'urgent',
};

export type ZendeskOutcome =
  | { kind: 'ticket'; organizationId: string | null; row: Record<string, unknown> }
  | { kind: 'ignored'; reason: string };

/** A status change's new status, where `detail` lacks one (`event.current`, string or object). */
function currentStatus(event: unknown): string | null {
  if (!event || typeof event !== 'object') return null;
  const current = (event as { current?: unknown }).current;
  if (typeof current === 'string') return current;
  if (current && typeof current === 'object') {
    const status = (current as { status?: unknown }).status;
    if (typeof status === 'string') return status;
  }
  return null;
}

/**
 * The /api/v1/tickets row a ticket event stands for (without the account, which the caller
 * resolves from the organization). Zendesk's statuses fold into Tend's three: new and open →
 * open; pending and on-hold → pending; solved and closed → closed. A ticket without priority
 * is normal. Events that are not about a ticket's state are ignored, with the reason.
 */
export function ticketFromZendesk(e: ZendeskEvent): ZendeskOutcome {
  if (!e.type.startsWith('zen:event-type:ticket.')) {
    return { kind: 'ignored', reason: `not a ticket event (${e.type})` };
  }
  if (/\.(soft_deleted|permanently_deleted|marked_as_spam|merged)$/.test(e.type)) {
    return {
      kind: 'ignored',
      reason: `${e.type.slice('zen:event-type:'.length)} is not a state Tend keeps`,
    };
  }
  const d = e.detail ?? {};
  const id = d.id || /^zen:ticket:(\d+)$/.exec(e.subject ?? '')?.[1];
  if (!id) return { kind: 'ignored', reason: 'the event names no ticket' };
  const rawStatus = (d.status ?? currentStatus(e.event) ?? '').toLowerCase();
  const status = STATUS[rawStatus] ?? rawStatus;
  const priority = PRIORITY[(d.priority ?? '').toLowerCase()] ?? 'normal';
  const org = d.organization_id && d.organization_id !== '0' ? d.organization_id : null;
  return {
    kind: 'ticket',
    organizationId: org,
    row: {
      external_id: `zendesk:${id}`,
      priority,
      // An unknown status is passed on as is: the tickets schema refuses it with its reason.
      status,
      subject: d.subject ?? null,
      opened_at: d.created_at ?? e.time,
      closed_at: status === 'closed' ? (d.updated_at ?? e.time ?? null) : null,
    },
  };
}
