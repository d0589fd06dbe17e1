import { AsyncLocalStorage } from 'node:async_hooks';
import type { OperationNode } from 'kysely';
import type { DB } from './schema';

/**
 * What a request (a chat command or click, an API route, a CLI command) wrote. An edge runs its
 * work inside a scope; the audited driver (audited-dialect.ts) sees every statement the work
 * sends (raw `sql` too), notes the tables it inserts into, updates or deletes from, and, when a
 * transaction that wrote a table this request's entries do not name yet commits, calls
 * `record` on that transaction's own connection just before its commit: the audit entry
 * commits or rolls back with the write it records. Outside a scope (jobs, start-up) nothing
 * is noted.
 */
export interface WriteScope {
  /** Every table a statement of the request tried to write (committed or not). */
  tables: Set<string>;
  /** Tables named by an entry that committed (with its write). */
  recorded: Set<string>;
  /**
   * Writes the entry for `tables` through `db`, a handle on the committing transaction's
   * connection (inside it, before its commit). Absent: tables are only noted.
   */
  record?: (db: DB, tables: string[]) => Promise<void>;
}

const storage = new AsyncLocalStorage<WriteScope>();

export function newWriteScope(record?: WriteScope['record']): WriteScope {
  return { tables: new Set(), recorded: new Set(), ...(record ? { record } : {}) };
}

/** Runs the work with the scope as the current one: its writes are noted in it. */
export function runInWriteScope<T>(scope: WriteScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

export function currentWriteScope(): WriteScope | undefined {
  return storage.getStore();
}

/**
 * Bookkeeping tables that change as a side effect of reading (a cached profile, a remembered
 * Teams conversation, an API key's last use) or that are the audit itself: not writes a person
 * made.
 */
const INCIDENTAL = new Set([
  'audit_log',
  'chat_users',
  'teams_conversations',
  'channel_policies',
  'kysely_migration',
  'kysely_migration_lock',
]);

type Node = OperationNode & Record<string, unknown>;

function tableName(node: unknown): string | null {
  const n = node as Node | undefined;
  if (!n) return null;
  if (n.kind === 'TableNode') {
    const id = (n.table as Node).identifier as { name: string };
    return id.name;
  }
  if (n.kind === 'AliasNode') return tableName(n.node);
  return null;
}

/** A raw statement's text with its table names in place (`sql.table()` nests a RawNode). */
function rawText(node: Node): string {
  const fragments = node.sqlFragments as string[];
  const params = node.parameters as Node[];
  let text = '';
  fragments.forEach((f, i) => {
    text += f;
    const p = params[i];
    if (p) text += p.kind === 'RawNode' ? rawText(p) : (tableName(p) ?? ' ? ');
  });
  return text;
}

const RAW_WRITE =
  /\b(?:insert\s+into|(?<!\bdo\s+)(?<!\bfor\s+)(?<!\bfor\s+no\s+key\s+)update|delete\s+from)\s+"?([a-z_][a-z0-9_]*)"?/gi;

/** Tables a statement writes, looking into CTEs; raw SQL by its text. */
function writtenTables(node: Node, out: Set<string>): void {
  switch (node.kind) {
    case 'InsertQueryNode': {
      const t = tableName(node.into);
      if (t) out.add(t);
      break;
    }
    case 'UpdateQueryNode': {
      const t = tableName(node.table);
      // An API key's "last used" stamp is a read's side effect.
      const columns = ((node.updates as Node[] | undefined) ?? []).map(
        (u) => ((u.column as Node).column as { name: string }).name,
      );
      if (t && !(t === 'api_keys' && columns.every((c) => c === 'last_used_at'))) out.add(t);
      break;
    }
    case 'DeleteQueryNode': {
      for (const f of ((node.from as Node).froms as Node[]) ?? []) {
        const t = tableName(f);
        if (t) out.add(t);
      }
      break;
    }
    case 'RawNode': {
      for (const m of rawText(node).matchAll(RAW_WRITE)) if (m[1]) out.add(m[1].toLowerCase());
      break;
    }
    default:
      break;
  }
  const ctes = (node.with as Node | undefined)?.expressions as Node[] | undefined;
  for (const cte of ctes ?? []) writtenTables(cte.expression as Node, out);
}

/** The tables a statement writes that a person's request is audited for (bookkeeping left out). */
export function auditedTablesOf(node: OperationNode): string[] {
  const found = new Set<string>();
  writtenTables(node as Node, found);
  return [...found].filter((t) => !INCIDENTAL.has(t));
}
