import { ticketFromZendesk, type ZendeskEvent } from '../domain/connectors';
import type { RowError } from '../domain/ingest';
import { recordConnector } from '../store/connector-state';
import type { AppContext } from './context';
import { ingestBatch } from './ingest';

export type ZendeskResult =
  | { ok: true; ticket: string; written: number }
  | { ok: true; ignored: string }
  | { ok: false; errors: RowError[] };

/**
 * One verified Zendesk ticket event: the ticket is upserted by id (`zendesk:<id>`) through the
 * same schema and upsert as POST /api/v1/tickets. Its account is the one settings name for the
 * organization, else the account whose external id is the organization id. A ticket of no
 * known account is acknowledged and skipped (Zendesk would only retry it to the same end).
 */
export async function ingestZendeskEvent(
  ctx: AppContext,
  event: ZendeskEvent,
): Promise<ZendeskResult> {
  const now = ctx.clock.now();
  const outcome = ticketFromZendesk(event);
  if (outcome.kind === 'ignored') {
    await recordConnector(ctx.db, 'zendesk', { received: 1, skipped: 1 }, now);
    return { ok: true, ignored: outcome.reason };
  }
  const org = outcome.organizationId;
  if (!org) {
    await recordConnector(ctx.db, 'zendesk', { received: 1, skipped: 1 }, now);
    return { ok: true, ignored: 'the ticket has no organization' };
  }
  const account = ctx.config.settings.connectors.zendesk.organizations[org] ?? org;
  const row: Record<string, unknown> = { ...outcome.row, account_external_id: account };
  const result = await ingestBatch(ctx, 'tickets', [row]);
  if (!result.ok) {
    if (result.errors.every((e) => e.reason === 'unknown account')) {
      await recordConnector(ctx.db, 'zendesk', { received: 1, skipped: 1 }, now);
      return { ok: true, ignored: `no account for organization ${org} (external id '${account}')` };
    }
    const first = result.errors[0];
    await recordConnector(
      ctx.db,
      'zendesk',
      { received: 1, rejected: 1 },
      now,
      `ticket ${String(row.external_id)}: ${first?.field} ${first?.reason}`,
    );
    return { ok: false, errors: result.errors };
  }
  await recordConnector(ctx.db, 'zendesk', { received: 1, written: result.written }, now);
  return { ok: true, ticket: String(row.external_id), written: result.written };
}
