import { seedDemoIfEmpty } from '../app/seed';
import { systemClock } from '../clock';
import type { Config } from '../config';
import { openDatabase } from '../db/database';
import type { FirstRunChild } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { createLogger } from '../log';

/**
 * Set by the compiled build (scripts/build.mjs, a banner line in every file it writes): the URL
 * of the bundle file this code runs from. Undefined when the sources run through tsx.
 */
declare const __tend_build_url: string | undefined;

/**
 * What `tend serve` does to a new embedded folder, in a child process (db/embedded.ts,
 * firstRunInChild): initdb, migrations and the demo seed. The server then opens a ready folder
 * and never holds the seed's garbage: the generated rows, the bulk load's strings and the
 * WebAssembly pages PGlite touched loading them (a first start idled ~30 MB above a later one).
 * The child runs the same code as the server: the build's own first-run entry when the server
 * runs the build, else our TypeScript through tsx, as bin/tend.js does. It gets the server's
 * configuration (a test's or a settings file's time zone and health weights score the demo).
 */
export function demoFirstRun(config: Config): FirstRunChild {
  const built =
    typeof __tend_build_url === 'string' ? new URL('./first-run.js', __tend_build_url).href : null;
  const run = `const m = await import(${JSON.stringify(built ?? import.meta.url)}); await m.runFirstRun();`;
  const loader = built ? [] : ['--import', import.meta.resolve('tsx/esm')];
  return {
    argv: [...loader, '--input-type=module', '-e', run],
    env: { TEND_FIRST_RUN_CONFIG: JSON.stringify(config) },
  };
}

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
