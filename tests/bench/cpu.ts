import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { DB } from '../../src/db/schema';

// CPU time spent, read from /proc (Linux): on a machine shared with other work, wall-clock
// throughput swings with the neighbours, while the CPU a request costs barely moves.

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** user + system CPU of a process so far, in ms; null where /proc cannot tell. */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command (which may hold spaces) start at state: utime is 14th, stime 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU so far of every server process attached to `database` (Postgres on this machine only). */
export async function postgresCpuMs(db: DB, database: string): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = ${database}`.execute(db);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}

/** CPU spent between two postgresCpuMs readings (backends gone meanwhile count to their last). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
