import type { AppContext } from '../app/context';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { type DatabaseHandle, openDatabase } from '../db/database';
import type { FirstRunChild } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { createLogger } from '../log';

export interface OpenedContext {
  ctx: AppContext;
  handle: DatabaseHandle;
}

/** Opens the configured database (migrated unless asked not to) and builds the app context. */
export async function openContext(
  config: Config,
  options: { migrate?: boolean; firstRun?: FirstRunChild } = {},
): Promise<OpenedContext> {
  const log = createLogger(config.env.LOG_LEVEL);
  const handle = await openDatabase(
    config.database.kind === 'postgres'
      ? { kind: 'postgres', url: config.database.url, timeouts: config.databaseTimeouts }
      : {
          kind: 'embedded',
          dataDir: config.database.dataDir,
          ...(options.firstRun ? { firstRun: options.firstRun } : {}),
        },
  );
  try {
    if (options.migrate !== false) await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { ctx: { db: handle.db, config, clock: systemClock, log }, handle };
}
