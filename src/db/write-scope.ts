import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Which tables a request wrote. An edge (a chat command or click, an API route, a CLI command)
 * runs its work inside a scope; the plugin below sees every statement the work sends through
 * Kysely (raw `sql` too) and notes the tables it inserts into, updates or deletes from. The
 * edge then writes one audit entry when something was written: every write is covered without
 * a hook in each use case. Outside a scope (jobs, start-up) the plugin does nothing.
 */
export interface WriteScope {
  tables: Set<string>;
}

const storage = new AsyncLocalStorage<WriteScope>();

export function newWriteScope(): WriteScope {
  return { tables: new Set() };
}

/** Runs the work with the scope as the current one: its writes are noted in it. */
export function runInWriteScope<T>(scope: WriteScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
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

export const writeTrackerPlugin: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const scope = storage.getStore();
    if (scope) {
      const found = new Set<string>();
      writtenTables(args.node as unknown as Node, found);
      for (const t of found) if (!INCIDENTAL.has(t)) scope.tables.add(t);
    }
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};
