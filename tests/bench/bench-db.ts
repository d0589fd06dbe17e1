import pg from 'pg';
import type { AppContext } from '../../src/app/context';
import { systemClock } from '../../src/clock';
import { type DatabaseTimeouts, loadConfig } from '../../src/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { silentLogger } from '../../src/log';

export const BENCH_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tend_bench';

/** Drops and recreates the benchmark database, migrated, and an app context on it. */
export async function freshBenchDatabase(
  url = BENCH_URL,
): Promise<{ handle: DatabaseHandle; ctx: AppContext }> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe benchmark database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    config: loadConfig({ DATABASE_URL: url }),
    clock: systemClock,
    log: silentLogger,
  };
  return { handle, ctx };
}

/**
 * The benchmark database as it is when it exists (migrated to the latest), else a fresh one:
 * for `--keep`, so a large seed is paid once while a query is being tuned.
 */
export async function keptBenchDatabase(
  url: string,
): Promise<{ handle: DatabaseHandle; ctx: AppContext; existed: boolean }> {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  await client.end();
  if (!rowCount) return { ...(await freshBenchDatabase(url)), existed: false };
  return { ...(await benchDatabase(url)), existed: true };
}

/**
 * The benchmark database as a previous run left it, migrated to the latest schema; with
 * `timeouts`, other server-side limits than the app's (a floor query over 36 M rows, under
 * load, may need more than the default 30 s).
 */
export async function benchDatabase(
  url = BENCH_URL,
  timeouts?: DatabaseTimeouts,
): Promise<{ handle: DatabaseHandle; ctx: AppContext }> {
  const handle = await openDatabase({
    kind: 'postgres',
    url,
    poolSize: 10,
    ...(timeouts ? { timeouts } : {}),
  });
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    config: loadConfig({ DATABASE_URL: url }),
    clock: systemClock,
    log: silentLogger,
  };
  return { handle, ctx };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;
