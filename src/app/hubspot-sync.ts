import type { Client } from '@hubspot/api-client';
import { accountFromCompany, type HubspotCompany, hubspotProperties } from '../domain/connectors';
import { type RowError, validateRows } from '../domain/ingest';
import { dayIn } from '../domain/time-zone';
import { TendError } from '../errors';
import { connectorCursor, recordConnector, setConnectorCursor } from '../store/connector-state';
import { accountRowsByExternalId } from '../store/track';
import type { AppContext } from './context';
import { afterIngest } from './ingest-after';
import { writeChunk } from './ingest-write';

/** HubSpot's search pages hold at most 100 results. */
const PAGE = 100;
/**
 * The search API refuses to page past 10,000 results; before that, the query starts again
 * from the last modification time seen (the results are sorted by it).
 */
const RESTART_AFTER = 9_900;

export interface HubspotSyncReport {
  read: number;
  written: number;
  rejected: number;
  /** The first companies that could not be stored, with why (the validator's English reason). */
  problems: CompanyProblem[];
  /** The hs_lastmodifieddate the next run starts from. */
  cursor: string | null;
}

export interface CompanyProblem {
  company: string;
  field: string;
  reason: string;
}

/** A company that could not be stored, as the connector status records it (English). */
export const problemText = (p: CompanyProblem) => `company ${p.company}: ${p.field} ${p.reason}`;

export function hubspotConfigured(ctx: AppContext): boolean {
  return Boolean(ctx.config.env.HUBSPOT_ACCESS_TOKEN);
}

async function hubspotClient(ctx: AppContext): Promise<Client> {
  const token = ctx.config.env.HUBSPOT_ACCESS_TOKEN;
  if (!token) {
    throw new TendError(
      'hubspot_not_configured',
      'set HUBSPOT_ACCESS_TOKEN (a HubSpot private app token) to sync companies',
      2,
      { key: 'hubspot.notConfigured' },
    );
  }
  const basePath = ctx.config.env.HUBSPOT_API_URL;
  // Loaded when a sync runs: the client is large (~15 MB) and most installs never use it.
  const { Client } = await import('@hubspot/api-client');
  return new Client({ accessToken: token, ...(basePath ? { basePath } : {}) });
}

/**
 * `tend sync hubspot` and the scheduled job: companies modified since the last successful page
 * (hs_lastmodifieddate, inclusive: a company seen again is unchanged and writes nothing),
 * oldest first, each page written in one transaction together with the cursor, so a sync that
 * fails midway resumes after the last page it stored. Each company becomes an account row
 * (settings.connectors.hubspot.properties) checked by the accounts schema; a company that
 * fails the check is counted and named, and the sync goes on (one bad record in a CRM must
 * not stop every other account from updating).
 */
export async function syncHubspot(ctx: AppContext): Promise<HubspotSyncReport> {
  const client = await hubspotClient(ctx);
  const settings = ctx.config.settings.connectors.hubspot;
  const started = ctx.clock.now();
  const report: HubspotSyncReport = {
    read: 0,
    written: 0,
    rejected: 0,
    problems: [],
    cursor: null,
  };
  const touched = new Set<number>();
  try {
    let cursor = await connectorCursor(ctx.db, 'hubspot');
    let after: string | undefined;
    const owners = await ownerDirectory(client);
    for (;;) {
      const page = await client.crm.companies.searchApi.doSearch({
        filterGroups: cursor
          ? [
              {
                filters: [
                  {
                    propertyName: 'hs_lastmodifieddate',
                    operator: 'GTE' as never,
                    value: String(Date.parse(cursor)),
                  },
                ],
              },
            ]
          : [],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as never,
        properties: hubspotProperties(settings),
        limit: PAGE,
        ...(after ? { after } : {}),
      });
      const companies: HubspotCompany[] = page.results.map((r) => ({
        id: r.id,
        properties: r.properties,
      }));
      report.read += companies.length;
      const last = companies.at(-1)?.properties.hs_lastmodifieddate ?? null;
      await ctx.db.transaction().execute(async (trx) => {
        const existing = await accountRowsByExternalId(
          trx,
          companies.map((c) => c.properties[settings.properties.externalId] ?? c.id),
        );
        const rows: Record<string, unknown>[] = [];
        const indexes: number[] = [];
        const unmatched: RowError[] = [];
        companies.forEach((c, i) => {
          const key =
            settings.properties.externalId === 'hs_object_id'
              ? (c.properties.hs_object_id ?? c.id)
              : c.properties[settings.properties.externalId];
          const mapped = accountFromCompany(
            c,
            settings,
            existing.get(key ?? '') ?? null,
            (id) => owners.get(id) ?? null,
          );
          if (!mapped.ok) {
            unmatched.push({
              index: i,
              field: settings.properties.externalId,
              reason: mapped.error,
            });
          } else {
            rows.push(mapped.row);
            indexes.push(i);
          }
        });
        const checked = validateRows('accounts', rows, { today: dayIn(started, 'UTC'), indexes });
        note(
          report,
          [...unmatched, ...checked.errors].sort((a, b) => a.index - b.index),
          companies,
        );
        const written = await writeChunk(trx, 'accounts', checked.valid, started);
        if (!written.ok) throw new Error('accounts have no account reference to miss');
        report.written += written.result.written;
        for (const id of written.result.accountIds) touched.add(id);
        if (last) await setConnectorCursor(trx, 'hubspot', last);
      });
      if (last) report.cursor = last;
      after = page.paging?.next?.after;
      if (!after) break;
      if (Number(after) >= RESTART_AFTER && last) {
        cursor = last;
        after = undefined;
      }
    }
    report.cursor ??= cursor;
    await afterIngest(ctx, 'accounts', [...touched]);
    await recordConnector(
      ctx.db,
      'hubspot',
      { received: report.read, written: report.written, rejected: report.rejected },
      ctx.clock.now(),
      report.rejected > 0
        ? `${report.rejected} companies not stored: ${report.problems[0] ? problemText(report.problems[0]) : ''}`
        : undefined,
    );
    return report;
  } catch (error) {
    const message = describeHubspotError(error);
    await recordConnector(
      ctx.db,
      'hubspot',
      { received: report.read, written: report.written, rejected: report.rejected },
      ctx.clock.now(),
      message,
    ).catch(() => {});
    await afterIngest(ctx, 'accounts', [...touched]);
    if (error instanceof TendError) throw error;
    // HubSpot's own words (`message`) stay as it gave them; the sentence around them is ours.
    throw new TendError('hubspot_sync_failed', `HubSpot sync failed: ${message}`, 1, {
      key: 'hubspot.failed',
      params: { reason: message },
    });
  }
}

function note(report: HubspotSyncReport, errors: RowError[], companies: HubspotCompany[]): void {
  const bad = new Set(errors.map((e) => e.index));
  report.rejected += bad.size;
  for (const e of errors) {
    if (report.problems.length >= 20) break;
    const c = companies[e.index];
    report.problems.push({ company: c?.id ?? '?', field: e.field, reason: e.reason });
  }
}

/** Owner id → e-mail, read once per sync (a portal has a few hundred owners at most). */
async function ownerDirectory(client: Client): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  let after: string | undefined;
  for (;;) {
    const page = await client.crm.owners.ownersApi.getPage(undefined, after, 500, false);
    for (const o of page.results) if (o.email) owners.set(String(o.id), o.email);
    after = page.paging?.next?.after;
    if (!after) return owners;
  }
}

function describeHubspotError(error: unknown): string {
  const e = error as { code?: number; body?: { message?: string }; message?: string };
  if (typeof e.code === 'number') {
    const hint =
      e.code === 401
        ? ' (check HUBSPOT_ACCESS_TOKEN)'
        : e.code === 403
          ? ' (the private app needs crm.objects.companies.read and crm.objects.owners.read)'
          : '';
    return `HubSpot answered ${e.code}${e.body?.message ? `: ${e.body.message}` : ''}${hint}`;
  }
  return e.message ?? String(error);
}
