import { t } from '../cards/i18n/t';
import { newWriteScope, runInWriteScope } from '../db/write-scope';
import { type ChainProblem, verifyChain } from '../domain/audit/chain';
import {
  type AuditEntry,
  appendAudit,
  appendAuditInTransaction,
  auditHeadOf,
  auditRows,
} from '../store/audit-log';
import type { AppContext } from './context';

export type AuditOrigin = 'cli' | 'api' | 'slack' | 'teams' | 'local';

/** Who did what where, as an edge knows it before the work runs. */
export interface EdgeRequest {
  origin: AuditOrigin;
  /** `slack:U123`, `teams:<aad id>`, `api:<key name>`, `cli:<os user>`. */
  actor: string;
  /** What was asked: `/cs subscribe`, `click alert_ack`, `POST /api/v1/usage`, `import`. */
  action: string;
  /** Where: the channel or conversation, the route, the working directory. */
  place: string | null;
}

/**
 * Runs an edge's work under the audit: who, what, where, when (the clock), which tables. Reads
 * leave no entry. The entry is not written after the work but inside it: the first transaction
 * of the work that writes commits the entry with its write (db/audited-dialect.ts calls
 * `record` on that transaction just before its COMMIT), and a later transaction that writes a
 * table no entry of this request names yet adds one more the same way. So every committed
 * write has an entry that committed with it: a crash after the work (or between two of its
 * transactions) loses none, and an entry that cannot be written (the chain's insert fails)
 * rolls its write back and fails the request. After the work, the edge only adds an entry
 * when the work failed having tried to write (`outcome: 'error'`, the tables it tried); that
 * one is written on its own and is a report, not a record of a committed write.
 */
export async function audited<T>(
  ctx: AppContext,
  request: EdgeRequest,
  work: () => Promise<T>,
): Promise<T> {
  const scope = newWriteScope((db, tables) =>
    appendAuditInTransaction(db, entryFor(request, tables, 'ok'), ctx.clock.now()).then(() => {}),
  );
  try {
    return await runInWriteScope(scope, work);
  } catch (error) {
    if (scope.tables.size > 0) {
      const entry = entryFor(request, [...scope.tables].sort(), 'error');
      await appendAudit(ctx.db, entry, ctx.clock.now()).catch((failure: unknown) =>
        ctx.log.error({ err: failure, ...request }, 'audit entry not written'),
      );
    }
    throw error;
  }
}

function entryFor(request: EdgeRequest, tables: string[], outcome: 'ok' | 'error'): AuditEntry {
  return {
    actor: request.actor,
    action: request.action,
    origin: request.origin,
    place: request.place,
    details: { tables, outcome },
  };
}

/** An entry a use case writes itself (a refusal, an erase): same chain, same lock. */
export function recordAudit(ctx: AppContext, entry: AuditEntry): Promise<number> {
  return appendAudit(ctx.db, entry, ctx.clock.now());
}

export interface AuditVerification {
  rows: number;
  head: string | null;
  /**
   * Entries ever chained: those kept plus those retention trimmed (each trim entry says how
   * many). It only grows, so a count kept elsewhere can only be matched or passed.
   */
  length: number;
  problems: ChainProblem[];
}

/** An anchor kept outside Tend (a ticket, a wiki, the hourly log): a head hash and/or a length. */
export interface AuditAnchor {
  head?: string;
  length?: number;
}

const trimmedCount = (details: unknown): number => {
  const d = details as { deleted?: unknown } | null;
  return typeof d?.deleted === 'number' ? d.deleted : 0;
};

/**
 * Reads the whole chain and checks it (see domain/audit/chain.ts). With an anchor, also checks
 * what a chain alone cannot show: that its newest entries were not deleted. The anchored head
 * must still be an entry of the chain and the chain at least as long as the anchored length.
 */
export async function verifyAuditLog(
  ctx: AppContext,
  anchor: AuditAnchor = {},
): Promise<AuditVerification> {
  const all = [];
  for await (const page of auditRows(ctx.db)) all.push(...page);
  const problems = verifyChain(all);
  const head = [...all].reverse().find((r) => r.hash !== null)?.hash ?? null;
  const trimmed = all
    .filter((r) => r.action === 'audit.trim' && r.hash !== null)
    .reduce((n, r) => n + trimmedCount(r.details), 0);
  const length = all.length + trimmed;
  if (anchor.head !== undefined && !all.some((r) => r.hash === anchor.head)) {
    const params = { head: anchor.head };
    problems.push({
      id: 0,
      problem: t('en', 'audit.headMissing', params),
      msg: { key: 'audit.headMissing', params },
    });
  }
  if (anchor.length !== undefined && length < anchor.length) {
    const params = { rows: length, count: anchor.length, n: anchor.length - length };
    problems.push({
      id: 0,
      problem: t('en', 'audit.shorter', params),
      msg: { key: 'audit.shorter', params },
    });
  }
  return { rows: all.length, head, length, problems };
}

/** The current head and length, to keep outside Tend (`tend audit head`). */
export function auditHead(ctx: AppContext): Promise<{ head: string | null; length: number }> {
  return auditHeadOf(ctx.db);
}
