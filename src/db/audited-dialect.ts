import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Database, DB } from './schema';
import { auditedTablesOf, currentWriteScope, type WriteScope } from './write-scope';

/**
 * Wraps a dialect so that the audit entry of a request commits in the same transaction as the
 * request's writes (see write-scope.ts). Every statement is looked at on its way to the
 * connection: in a write scope, the tables it writes are noted per scope and per open
 * transaction. When a transaction commits having written a table the request's committed
 * entries do not name yet, the scope's `record` runs on that connection just before COMMIT:
 * a crash after the commit keeps the entry, an entry that cannot be written rolls the write
 * back. A write outside any transaction (autocommit) that needs an entry is given one:
 * BEGIN, the statement, the entry, COMMIT. Entries are chained under an advisory lock taken by
 * `record`; it is taken last, after the business locks, and released at once by the commit, so
 * it serialises commits of audited requests for a moment and cannot wait on a business lock.
 */
export function auditedDialect(inner: Dialect): Dialect {
  return {
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>): DatabaseIntrospector => inner.createIntrospector(db),
    createDriver: (): Driver => new AuditedDriver(inner.createDriver(), inner),
  };
}

interface OpenTransaction {
  scope: WriteScope | undefined;
  tables: Set<string>;
}

class AuditedConnection implements DatabaseConnection {
  transaction: OpenTransaction | null = null;
  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: AuditedDriver,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const scope = currentWriteScope();
    if (!scope) return this.inner.executeQuery<R>(compiled);
    const tables = auditedTablesOf(compiled.query);
    for (const t of tables) scope.tables.add(t);
    if (this.transaction) {
      for (const t of tables) this.transaction.tables.add(t);
      return this.inner.executeQuery<R>(compiled);
    }
    if (!scope.record || !tables.some((t) => !scope.recorded.has(t))) {
      return this.inner.executeQuery<R>(compiled);
    }
    // An autocommit write that needs an entry: make it a transaction holding both.
    await this.driver.inner.beginTransaction(this.inner, {});
    try {
      const result = await this.inner.executeQuery<R>(compiled);
      await this.driver.recordIn(this.inner, scope, new Set(tables));
      await this.driver.inner.commitTransaction(this.inner);
      for (const t of tables) scope.recorded.add(t);
      return result;
    } catch (error) {
      await this.driver.inner.rollbackTransaction(this.inner).catch(() => {});
      throw error;
    }
  }

  streamQuery<R>(
    compiled: CompiledQuery,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiled, chunkSize);
  }
}

class AuditedDriver implements Driver {
  readonly #wrapped = new WeakMap<DatabaseConnection, AuditedConnection>();

  constructor(
    readonly inner: Driver,
    private readonly dialect: Dialect,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const raw = await this.inner.acquireConnection();
    let wrapped = this.#wrapped.get(raw);
    if (!wrapped) {
      wrapped = new AuditedConnection(raw, this);
      this.#wrapped.set(raw, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as AuditedConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.transaction = { scope: currentWriteScope(), tables: new Set() };
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as AuditedConnection;
    const open = c.transaction;
    const scope = open?.scope;
    const fresh = scope?.record && [...(open?.tables ?? [])].some((t) => !scope.recorded.has(t));
    if (scope && open && fresh) await this.recordIn(c.inner, scope, open.tables);
    await this.inner.commitTransaction(c.inner);
    c.transaction = null;
    if (scope && open && fresh) for (const t of open.tables) scope.recorded.add(t);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as AuditedConnection;
    c.transaction = null;
    await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    const c = connection as AuditedConnection;
    if (!this.inner.savepoint) throw new Error('savepoints are not supported by this database');
    await this.inner.savepoint(c.inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    const c = connection as AuditedConnection;
    if (!this.inner.rollbackToSavepoint) {
      throw new Error('savepoints are not supported by this database');
    }
    await this.inner.rollbackToSavepoint(c.inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    const c = connection as AuditedConnection;
    if (!this.inner.releaseSavepoint) {
      throw new Error('savepoints are not supported by this database');
    }
    await this.inner.releaseSavepoint(c.inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as AuditedConnection;
    c.transaction = null;
    await this.inner.releaseConnection(c.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  /** Runs the scope's `record` on the raw connection, inside its open transaction. */
  async recordIn(raw: DatabaseConnection, scope: WriteScope, tables: Set<string>): Promise<void> {
    if (!scope.record) return;
    await scope.record(onConnection(raw, this.dialect), [...tables].sort());
  }
}

/**
 * A Kysely that sends every statement to one connection already held (and in a transaction),
 * bypassing the pool and this wrapper: the audit entry's own statements are not writes to note.
 */
function onConnection(raw: DatabaseConnection, dialect: Dialect): DB {
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => raw,
    beginTransaction: async () => {
      throw new Error('already in a transaction');
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createDriver: () => driver,
    },
  });
}
