import type { Db } from '../db/schema';
import { addDays } from '../domain/dates';
import { USAGE_WINDOW_DAYS } from '../domain/health';
import {
  type EntityName,
  type EntityRows,
  entities,
  lastWins,
  type RowError,
  type SurveyRow,
  surveyKey,
  type TicketRow,
  type UsageRow,
  type ValidRow,
} from '../domain/ingest';
import { dayIn } from '../domain/time-zone';
import { accountIdsByExternalId, type UpsertResult, upsertAccounts } from '../store/ingest';
import {
  type UsageColumns,
  upsertSurveys,
  upsertTickets,
  upsertUsage,
} from '../store/ingest-activity';
import { recordArrChanges } from '../store/metrics';
import { queueRuleChecks } from '../store/rule-checks';
import { RULE_CHECK_DEBOUNCE_MS } from './rule-checks';

export type ChunkOutcome = { ok: true; result: UpsertResult } | { ok: false; errors: RowError[] };

/**
 * The rows among `valid` that name an account Tend does not know, as row errors; and the
 * account id of every other row, by position.
 */
export async function resolveAccounts<E extends EntityName>(
  db: Db,
  entity: E,
  valid: readonly ValidRow<EntityRows[E]>[],
): Promise<{ ids: number[]; errors: RowError[] }> {
  const accountOf = entities[entity].account;
  if (!accountOf) return { ids: [], errors: [] };
  const wanted = [...new Set(valid.map((v) => accountOf(v.row)))];
  const known = await accountIdsByExternalId(db, wanted);
  const ids: number[] = [];
  const errors: RowError[] = [];
  for (const v of valid) {
    const id = known.get(accountOf(v.row));
    if (id === undefined) {
      errors.push({ index: v.index, field: 'account_external_id', reason: 'unknown account' });
    }
    ids.push(id ?? 0);
  }
  return { ids, errors };
}

/**
 * Writes one chunk of valid rows with one set-based upsert, unless a row names an unknown
 * account: then nothing is written and those rows come back as errors. The accounts the write
 * touched are queued for a rule check in the same transaction (see rule-checks.ts), so a
 * signal that crosses a rule reaches chat within minutes, and a crash after commit loses none.
 */
export async function writeChunk<E extends EntityName>(
  db: Db,
  entity: E,
  validRows: readonly ValidRow<EntityRows[E]>[],
  now: Date,
): Promise<ChunkOutcome> {
  const valid = lastWins(entity, validRows);
  const { ids, errors } = await resolveAccounts(db, entity, valid);
  if (errors.length > 0) return { ok: false, errors };
  const result = await upsert(db, entity, valid, ids, now);
  await queueRuleChecks(db, result.accountIds, now, RULE_CHECK_DEBOUNCE_MS);
  return { ok: true, result };
}

async function upsert<E extends EntityName>(
  db: Db,
  entity: E,
  valid: readonly ValidRow<EntityRows[E]>[],
  ids: readonly number[],
  now: Date,
): Promise<UpsertResult> {
  const rows = valid.map((v) => v.row);
  const withIds = <R>(list: R[]) => list.map((r, i) => ({ ...r, account_id: ids[i] ?? 0 }));
  switch (entity) {
    case 'accounts': {
      const result = await upsertAccounts(db, rows as EntityRows['accounts'][], now);
      // Retention reads ARR at past instants: keep every change, from now on.
      await recordArrChanges(db, result.accountIds, now);
      return result;
    }
    case 'usage':
      return upsertUsage(db, usageColumns(rows as UsageRow[], ids), firstDayAffectingHealth(now));
    case 'tickets':
      return upsertTickets(db, withIds(rows as TicketRow[]));
    default: {
      const keyed = (rows as SurveyRow[]).map((r) => ({ ...r, key: surveyKey(r) }));
      return upsertSurveys(db, withIds(keyed));
    }
  }
}

/**
 * The oldest usage day that can still change today's health: recompute scores days in
 * (today - USAGE_WINDOW_DAYS, today]. "Today" is the configured time zone's, which is at most
 * a day behind UTC, so one day of slack keeps the rule safe in any zone. Older rows are
 * history (stored, trend backfills use them) and neither mark the account stale nor recompute.
 */
export function firstDayAffectingHealth(now: Date): string {
  return addDays(dayIn(now, 'UTC'), -USAGE_WINDOW_DAYS);
}

function usageColumns(rows: readonly UsageRow[], ids: readonly number[]): UsageColumns {
  const cols: UsageColumns = {
    accountIds: [],
    days: [],
    activeUsers: [],
    seats: [],
    logins: [],
    used: [],
    total: [],
  };
  rows.forEach((r, i) => {
    cols.accountIds.push(ids[i] ?? 0);
    cols.days.push(r.day);
    cols.activeUsers.push(r.active_users);
    cols.seats.push(r.seats);
    cols.logins.push(r.logins);
    cols.used.push(r.core_features_used);
    cols.total.push(r.core_features_total);
  });
  return cols;
}
