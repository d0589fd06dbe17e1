import { createHash } from 'node:crypto';
import type { Msg } from '../locale';

/**
 * The audit log's hash chain. Frozen like a migration: changing how a hash is computed makes
 * every stored row fail `tend audit verify`.
 *
 * A row's hash covers its predecessor's hash, its time, action, origin and place, and a digest
 * of its personal part (actor, subject, details) salted with a random value kept in the row.
 * Erasing a person blanks the personal part and drops the salt: the stored digest still chains,
 * and nobody can test it against a guessed e-mail any more.
 */

/** JSON with object keys sorted at every level, no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined inside arrays becomes null, as JSON.stringify does; numbers and strings as JSON.
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface AuditContent {
  actor: string;
  subject: string | null;
  details: unknown;
}

export interface AuditFrame {
  at: Date;
  action: string;
  origin: string | null;
  place: string | null;
}

export function contentDigest(salt: string, content: AuditContent): string {
  return sha256(
    `${salt}\n${canonicalJson({ actor: content.actor, subject: content.subject, details: content.details ?? {} })}`,
  );
}

export function chainHash(prevHash: string | null, frame: AuditFrame, digest: string): string {
  return sha256(
    canonicalJson({
      v: 1,
      prev: prevHash,
      at: frame.at.toISOString(),
      action: frame.action,
      origin: frame.origin,
      place: frame.place,
      content: digest,
    }),
  );
}

export interface StoredAuditRow extends AuditFrame, AuditContent {
  id: number;
  salt: string | null;
  content_digest: string | null;
  prev_hash: string | null;
  hash: string | null;
  erased_at: Date | null;
}

/** A problem found at row `id` (0: the whole log): English words and the catalog message. */
export type ChainProblem = { id: number; problem: string; msg: Msg };

const found = (id: number, problem: string, key: string): ChainProblem => ({
  id,
  problem,
  msg: { key },
});

/**
 * Checks rows in id order. Rows written before the chain existed (no hash) may only come first.
 * The first chained row starts the chain (prev null), or continues a trimmed head: then a
 * retention trim entry names its predecessor's hash. An erased row must be named by an erase
 * entry. Returns every problem, each with the row it was found at.
 */
export function verifyChain(rows: readonly StoredAuditRow[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const trimmedHashes = new Set<string>();
  const erasedIds = new Set<number>();
  for (const r of rows) {
    const d = (r.details ?? {}) as Record<string, unknown>;
    if (r.action === 'audit.trim' && typeof d.lastHash === 'string') trimmedHashes.add(d.lastHash);
    if (r.action === 'privacy.erase' && Array.isArray(d.auditIds)) {
      for (const id of d.auditIds) if (typeof id === 'number') erasedIds.add(id);
    }
  }
  let prev: string | null | undefined; // undefined: no chained row seen yet
  for (const r of rows) {
    if (r.hash === null) {
      if (prev !== undefined)
        problems.push(found(r.id, 'row has no hash inside the chain', 'audit.noHash'));
      continue;
    }
    if (r.content_digest === null) {
      problems.push(found(r.id, 'row has no content digest', 'audit.noDigest'));
      continue;
    }
    if (r.erased_at !== null) {
      if (!erasedIds.has(r.id)) {
        const problem = 'row is marked erased but no privacy.erase entry names it';
        problems.push(found(r.id, problem, 'audit.erasedUnnamed'));
      }
    } else if (r.salt === null || contentDigest(r.salt, r) !== r.content_digest) {
      problems.push(found(r.id, 'actor, subject or details were changed', 'audit.contentChanged'));
    }
    if (prev === undefined) {
      if (r.prev_hash !== null && !trimmedHashes.has(r.prev_hash)) {
        const problem = 'the rows before it are missing (deleted without a retention trim)';
        problems.push(found(r.id, problem, 'audit.rowsMissing'));
      }
    } else if (r.prev_hash !== prev) {
      problems.push(found(r.id, 'the row before it was deleted or changed', 'audit.prevChanged'));
    }
    if (chainHash(r.prev_hash, r, r.content_digest) !== r.hash) {
      problems.push(
        found(r.id, 'time, action, origin or place were changed', 'audit.frameChanged'),
      );
    }
    prev = r.hash;
  }
  return problems;
}
