import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { openEmbeddedFromImage } from '../../src/db/embedded';
import { migrateToLatest } from '../../src/db/migrate';

export type DatabaseKind = 'embedded' | 'postgres';

/** The kinds to run store and use-case tests on: embedded always, Postgres when CI gives one. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];
}

/** A fresh, migrated embedded database loaded from the image built in global setup. */
export async function freshEmbedded(): Promise<DatabaseHandle> {
  const image = new Blob([readFileSync(inject('embeddedImage'))]);
  const embedded = await openEmbeddedFromImage(image);
  const handle = await openDatabase({ kind: 'embedded-handle', handle: embedded });
  await migrateToLatest(handle.db);
  return handle;
}

/** A new database on the TEST_DATABASE_URL server, migrated, dropped again on close. */
export async function freshPostgres(): Promise<DatabaseHandle> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tend_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function freshDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  return kind === 'embedded' ? freshEmbedded() : freshPostgres();
}

/**
 * Runs a suite once per database kind with a fresh migrated database shared by its tests.
 * `get()` returns the handle inside tests.
 */
export function describeEachDatabase(
  title: string,
  suite: (get: () => DatabaseHandle, kind: DatabaseKind) => void,
): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let handle: DatabaseHandle | undefined;
      beforeAll(async () => {
        handle = await freshDatabase(kind);
      });
      afterAll(async () => {
        await handle?.close();
      });
      suite(() => {
        if (!handle) throw new Error('database not ready');
        return handle;
      }, kind);
    });
  }
}

/** Empties every table (keeps the schema), for tests that need a clean slate mid-suite. */
export async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(handle.db);
  if (rows.length === 0) return;
  const list = rows.map((r) => `"${r.tablename}"`).join(', ');
  await sql.raw(`truncate ${list} restart identity cascade`).execute(handle.db);
}
