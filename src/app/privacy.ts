import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/schema';
import { appendAudit, auditRowsMentioning, eraseAuditRows } from '../store/audit-log';
import {
  containsPattern,
  deleteRowsOfChatIdentities,
  replaceEverywhere,
  rowsMentioning,
  rowsOfChatIdentities,
  textColumnsOfEveryTable,
} from '../store/privacy';
import type { EdgeRequest } from './audit';
import type { AppContext } from './context';
import { userError } from './user-error';

/** What an erased e-mail becomes wherever it was written inside other text. */
export const ERASED = '[erased]';

const emailSchema = z.email();

/** The e-mail a privacy request is about, checked at the edge: a clear error, nothing done. */
export function privacyEmail(input: string | undefined): string {
  const email = (input ?? '').trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw userError('bad_email', 'privacy.notEmail', { given: input ?? '' }, 2);
  }
  return email;
}

/** Who asked, for the record (no personal data of the person the request is about). */
export type PrivacyRequester = Omit<EdgeRequest, 'action'>;

export interface PersonExport {
  email: string;
  generatedAt: string;
  /** The person's chat identities (`slack:U123`), found by their e-mail in chat_users. */
  chatIdentities: string[];
  /** Every row that names the person, by table; audit rows without their chain fields. */
  records: Record<string, Record<string, unknown>[]>;
}

/**
 * The person's chat identities as Tend writes them (`slack:U123`), from cached profiles and
 * alert routing preferences (which keep the e-mail after the profile cache expired).
 */
async function chatIdentities(db: Db, email: string): Promise<string[]> {
  const rows = await db
    .selectFrom('chat_users')
    .select(['platform', 'user_id'])
    .where(sql<string>`lower(email)`, '=', email)
    .union(
      db
        .selectFrom('alert_routing')
        .select(['platform', 'user_id'])
        .where(sql<string>`lower(email)`, '=', email),
    )
    .execute();
  return rows.map((r) => `${r.platform}:${r.user_id}`).sort();
}

const CHAIN_FIELDS = ['salt', 'content_digest', 'prev_hash', 'hash'];

/**
 * Every record naming the person: any row of any table whose text or JSON holds their e-mail
 * (survey answers and comments, follow-ups, alerts and their events, chat users, outbox
 * payloads, audit entries…) or one of their chat identities. The tables come from the catalog,
 * so a table added later is searched too.
 */
async function collect(db: Db, email: string, identities: string[]) {
  const records: Record<string, Record<string, unknown>[]> = {};
  const keyed = await rowsOfChatIdentities(db, identities);
  for (const columns of await textColumnsOfEveryTable(db)) {
    const seen = new Map<string, Record<string, unknown>>();
    for (const needle of [email, ...identities]) {
      for (const row of await rowsMentioning(db, columns, needle)) {
        seen.set(JSON.stringify(row), row);
      }
    }
    for (const row of keyed[columns.table] ?? []) seen.set(JSON.stringify(row), row);
    if (seen.size === 0) continue;
    records[columns.table] = [...seen.values()].map((row) =>
      columns.table === 'audit_log'
        ? Object.fromEntries(Object.entries(row).filter(([k]) => !CHAIN_FIELDS.includes(k)))
        : row,
    );
  }
  return records;
}

export async function exportPerson(
  ctx: AppContext,
  input: string,
  requester: PrivacyRequester,
): Promise<PersonExport> {
  const email = privacyEmail(input);
  const identities = await chatIdentities(ctx.db, email);
  const records = await collect(ctx.db, email, identities);
  await appendAudit(
    ctx.db,
    {
      ...requester,
      action: 'privacy.export',
      details: { records: countsOf(records) },
    },
    ctx.clock.now(),
  );
  return {
    email,
    generatedAt: ctx.clock.now().toISOString(),
    chatIdentities: identities,
    records,
  };
}

function countsOf(records: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(records).map(([t, rows]) => [t, rows.length]));
}

export interface EraseReport {
  /** Rows changed or deleted, by table. */
  changed: Record<string, number>;
  /** The audit entry that records the erase (it names no one). */
  auditId: number;
}

async function count(q: Promise<{ numUpdatedRows?: bigint; numDeletedRows?: bigint }>) {
  const r = await q;
  return Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0);
}

/**
 * Erases a person in one transaction. Survey answers keep their kind, score, account and day
 * (so NPS and CSAT, and the health scores built on them, stay what they were) and lose the
 * respondent, comment and any key built from the e-mail; cached chat profiles go; fields that
 * hold the person (owners, creators, actors) are cleared; audit entries naming them are blanked
 * (their chain still verifies); then every remaining mention in any text or JSON column of any
 * table (alert summaries, health drivers, outbox payloads…) becomes "[erased]". One audit
 * entry records that an erase happened, with counts only.
 */
export async function erasePerson(
  ctx: AppContext,
  input: string,
  requester: PrivacyRequester,
): Promise<EraseReport> {
  const email = privacyEmail(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const identities = await chatIdentities(trx, email);
    const who = [email, ...identities.map((i) => i.toLowerCase())];
    const changed: Record<string, number> = {};
    const add = (table: string, n: number) => {
      if (n > 0) changed[table] = (changed[table] ?? 0) + n;
    };
    const lower = (column: string) => sql<string>`lower(${sql.ref(column)})`;

    add(
      'survey_answers',
      await count(
        trx
          .updateTable('survey_answers')
          .set({
            respondent: null,
            comment: null,
            external_id: sql`case when external_id ilike ${containsPattern(email)} then 'erased:' || id::text else external_id end`,
          })
          .where(lower('respondent'), '=', email)
          .executeTakeFirst(),
      ),
    );
    add(
      'chat_users',
      await count(
        trx.deleteFrom('chat_users').where(lower('email'), '=', email).executeTakeFirst(),
      ),
    );
    add(
      'accounts',
      await count(
        trx
          .updateTable('accounts')
          .set({ owner_email: null })
          .where(lower('owner_email'), '=', email)
          .executeTakeFirst(),
      ),
    );
    for (const column of ['owner_email'] as const) {
      add(
        'follow_ups',
        await count(
          trx
            .updateTable('follow_ups')
            .set({ [column]: null })
            .where(lower(column), '=', email)
            .executeTakeFirst(),
        ),
      );
    }
    for (const [table, column] of [
      ['follow_ups', 'created_by'],
      ['follow_ups', 'done_by'],
      ['alerts', 'acknowledged_by'],
      ['alerts', 'resolved_by'],
      ['alert_events', 'actor'],
      ['renewal_events', 'actor'],
      ['channel_subscriptions', 'created_by'],
    ] as const) {
      add(
        table,
        await count(
          trx
            .updateTable(table)
            .set({ [column]: 'erased' } as never)
            .where(lower(column), 'in', who)
            .executeTakeFirst(),
        ),
      );
    }
    add(
      'alerts',
      await count(
        trx
          .updateTable('alerts')
          .set({ assignee: null })
          .where(lower('assignee'), 'in', who)
          .executeTakeFirst(),
      ),
    );
    // A subscription filtered on the person as account owner exists only to follow them.
    add(
      'channel_subscriptions',
      await count(
        trx
          .deleteFrom('channel_subscriptions')
          .where(sql<string>`filters::text`, 'ilike', containsPattern(email))
          .executeTakeFirst(),
      ),
    );

    for (const [table, n] of Object.entries(await deleteRowsOfChatIdentities(trx, identities))) {
      add(table, n);
    }

    const auditIds = new Set<number>();
    for (const needle of who) {
      for (const row of await auditRowsMentioning(trx, needle)) auditIds.add(row.id);
    }
    await eraseAuditRows(trx, [...auditIds], now);
    add('audit_log', auditIds.size);

    // Whatever still mentions them, in any table, including ones added after this was written.
    for (const columns of await textColumnsOfEveryTable(trx)) {
      if (columns.table === 'audit_log') continue;
      for (const needle of who) {
        add(columns.table, await replaceEverywhere(trx, columns, needle, ERASED));
      }
    }

    const auditId = await appendAudit(
      trx,
      {
        ...requester,
        action: 'privacy.erase',
        details: { changed, auditIds: [...auditIds].sort((a, b) => a - b) },
      },
      now,
    );
    return { changed, auditId };
  });
}
