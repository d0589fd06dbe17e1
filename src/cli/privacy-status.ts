import type { AppContext } from '../app/context';
import { privacyStatus } from '../app/retention';

/** `tend privacy status`: what Tend holds, table by table, and how long it keeps it. */
export async function privacyStatusLines(ctx: AppContext): Promise<string[]> {
  const { tables } = await privacyStatus(ctx);
  const width = Math.max(...tables.map((t) => t.table.length));
  return [
    `${'table'.padEnd(width)}  ${'rows'.padStart(9)}  oldest record                 kept`,
    ...tables.map((t) => {
      const oldest = t.oldest ? `${t.oldest.slice(0, 19)} (${t.datedBy})` : '-';
      const kept = t.retention
        ? `${t.retention.days} days (retention.${t.retention.kind})`
        : 'until deleted';
      return `${t.table.padEnd(width)}  ${String(t.rows).padStart(9)}  ${oldest.padEnd(28)}  ${kept}`;
    }),
  ];
}
