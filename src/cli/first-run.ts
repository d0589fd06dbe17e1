import { seedDemoIfEmpty } from '../app/seed';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { createLogger } from '../log';

/** The child's side: the new cluster migrated and seeded, then closed (the child exits). */
export async function runFirstRun(): Promise<void> {
  const config = JSON.parse(process.env.TEND_FIRST_RUN_CONFIG ?? 'null') as Config | null;
  if (!config) throw new Error('runFirstRun runs in a first-run child (no configuration)');
  const log = createLogger(config.env.LOG_LEVEL);
  let mark = Date.now();
  const took = () => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const { openCluster } = await import('../db/embedded');
  const { readClusterImage, saveClusterImage } = await import('../db/cluster-image');
  const image = readClusterImage();
  const cluster = await openCluster(image);
  const handle = await openDatabase({ kind: 'embedded-handle', handle: cluster });
  try {
    const initdbMs = took();
    // An image is already migrated; migrating again only checks (and covers an image made
    // before a migration that somehow kept its key).
    await migrateToLatest(handle.db);
    const migrateMs = took();
    let imageMs: number | undefined;
    if (!image) {
      // The next new folder starts from this one instead of initdb. A cache that cannot be
      // written costs the next first run its speed, never this one its data.
      try {
        await saveClusterImage(cluster.pglite);
      } catch (error) {
        log.warn({ err: error }, 'could not save the prepared cluster image');
      }
      imageMs = took();
    }
    await seedDemoIfEmpty({ db: handle.db, config, clock: systemClock, log });
    // Where a first start's time goes (with the ready line's phases, what to attack).
    log.info(
      {
        cluster: image ? 'image' : 'initdb',
        initdbMs,
        migrateMs,
        imageMs,
        seedMs: took(),
        sinceSpawnMs: Math.round(performance.now()),
      },
      'first run done',
    );
  } finally {
    await handle.close();
  }
}
