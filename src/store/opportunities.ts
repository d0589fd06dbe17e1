import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Opportunity } from '../db/tables/playbooks';
import { EXPANSION_RULES } from '../domain/rules';

export async function opportunityOf(db: Db, alertId: number): Promise<Opportunity | undefined> {
  return db
    .selectFrom('opportunities')
    .selectAll()
    .where('alert_id', '=', alertId)
    .executeTakeFirst();
}

/** Records the alert's opportunity; null when it has one already (the first click stands). */
export async function insertOpportunity(
  db: Db,
  o: {
    accountId: number;
    alertId: number;
    rule: string;
    potentialArr: number | null;
    by: string;
    at: Date;
  },
): Promise<Opportunity | null> {
  const row = await db
    .insertInto('opportunities')
    .values({
      account_id: o.accountId,
      alert_id: o.alertId,
      rule: o.rule,
      potential_arr: o.potentialArr,
      created_by: o.by,
      created_at: o.at,
    })
    .onConflict((c) => c.column('alert_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Open expansion signals (not resolved) per account, with the rule: the potential's inputs. */
export async function openExpansionSignals(
  db: Db,
  renewing?: { from: string; to: string },
): Promise<{ account_id: number; rule: string; arr: number | null }[]> {
  const among = renewing
    ? sql`and c.renewal_date between ${renewing.from}::date and ${renewing.to}::date`
    : sql``;
  const { rows } = await sql<{ account_id: number; rule: string; arr: number | null }>`
    select distinct a.account_id, a.rule, c.arr from alerts a
    join accounts c on c.id = a.account_id and c.status = 'active'
    where a.status <> 'resolved' and a.rule = any(${[...EXPANSION_RULES]}::text[]) ${among}`.execute(
    db,
  );
  return rows.map((r) => ({ ...r, account_id: Number(r.account_id) }));
}

/** An account's open expansion alert (not resolved), as the meeting brief lists it. */
export interface ExpansionAlertLine {
  rule: string;
  summary: string;
  /** The summary as code and values (alerts.summary_args); null on older alerts. */
  summary_args: unknown;
  status: string;
}

/** The account's open expansion alerts, newest first. */
export async function openExpansionAlertsOf(
  db: Db,
  accountId: number,
): Promise<ExpansionAlertLine[]> {
  return db
    .selectFrom('alerts')
    .select(['rule', 'summary', 'summary_args', 'status'])
    .where('account_id', '=', accountId)
    .where('status', '<>', 'resolved')
    .where('rule', 'in', [...EXPANSION_RULES])
    .orderBy('fired_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Every opportunity recorded on an account, oldest first (for the API's export). */
export async function opportunitiesOfAccount(db: Db, accountId: number): Promise<Opportunity[]> {
  return db
    .selectFrom('opportunities')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
}
