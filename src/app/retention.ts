import { addDays } from '../domain/dates';
import { dayIn } from '../domain/time-zone';
import { trimAuditLog } from '../store/audit-log';
import { pruneSent } from '../store/outbox';
import {
  blankOldComments,
  holdings,
  pruneChatUsers,
  pruneResolvedAlerts,
  type TableHolding,
} from '../store/retention';
import { pruneUsage } from '../store/usage-retention';
import { auditHead } from './audit';
import type { AppContext } from './context';

const DAY_MS = 86_400_000;
const BATCH = 5000;

export type RetentionKind = keyof AppContext['config']['settings']['retention'];

/** Which table each retention window governs, for `tend privacy status`. */
export const RETENTION_TABLES: Record<RetentionKind, string> = {
  usageDays: 'usage_daily',
  sentMessagesDays: 'outbox',
  surveyCommentsDays: 'survey_answers',
  chatUsersDays: 'chat_users',
  alertHistoryDays: 'alerts',
  auditLogDays: 'audit_log',
};

/**
 * Applies every `retention:` window (run by the hourly job): raw usage, sent messages, survey
 * comments (blanked; the scores stay), cached chat profiles, resolved alerts with their
 * history, and audit entries (trimmed with a record, so the chain still verifies). Returns
 * what went, by window.
 */
export async function enforceRetention(ctx: AppContext): Promise<Record<RetentionKind, number>> {
  const now = ctx.clock.now();
  const r = ctx.config.settings.retention;
  const today = dayIn(now, ctx.config.settings.timezone);
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  let sent = 0;
  for (let n = BATCH; n === BATCH; sent += n) {
    n = await pruneSent(ctx.db, ago(r.sentMessagesDays), BATCH);
  }
  const done: Record<RetentionKind, number> = {
    usageDays: await pruneUsage(ctx.db, addDays(today, -r.usageDays)),
    sentMessagesDays: sent,
    surveyCommentsDays: await blankOldComments(ctx.db, addDays(today, -r.surveyCommentsDays)),
    chatUsersDays: await pruneChatUsers(ctx.db, ago(r.chatUsersDays)),
    alertHistoryDays: await pruneResolvedAlerts(ctx.db, ago(r.alertHistoryDays)),
    auditLogDays: await trimAuditLog(ctx.db, ago(r.auditLogDays), now),
  };
  const any = Object.values(done).some((n) => n > 0);
  if (any) ctx.log.info(done, 'retention applied');
  // The audit chain's head, every hour in the log: kept by the log's own store, it is an
  // anchor outside the database (`tend audit verify --expect-head`).
  const anchor = await auditHead(ctx);
  ctx.log.info({ auditHead: anchor.head, auditCount: anchor.length }, 'audit log head');
  return done;
}

export interface PrivacyStatus {
  tables: (TableHolding & { retention: { kind: RetentionKind; days: number } | null })[];
}

export async function privacyStatus(ctx: AppContext): Promise<PrivacyStatus> {
  const windows = ctx.config.settings.retention;
  const byTable = new Map(
    (Object.entries(RETENTION_TABLES) as [RetentionKind, string][]).map(([kind, table]) => [
      table,
      kind,
    ]),
  );
  const tables = (await holdings(ctx.db)).map((t) => {
    const kind = byTable.get(t.table);
    return { ...t, retention: kind ? { kind, days: windows[kind] } : null };
  });
  return { tables };
}
