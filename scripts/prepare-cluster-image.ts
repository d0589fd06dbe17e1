import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { clusterImagePath, readClusterImage, saveClusterImage } from '../src/db/cluster-image';
import { openDatabase } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';

/**
 * Makes the prepared cluster image (src/db/cluster-image.ts) so the first `npm start` on a new
 * folder skips initdb. Run by scripts/postinstall.mjs; an existing image for this PGlite and
 * migration set is kept.
 */
if (readClusterImage()) {
  console.log(`tend: prepared cluster image already in ${clusterImagePath()}`);
} else {
  const handle = await openDatabase({ kind: 'embedded', dataDir: null });
  try {
    await migrateToLatest(handle.db);
    const path = await saveClusterImage(handle.embedded!.pglite);
    console.log(`tend: prepared cluster image in ${path}`);
    // Images for another PGlite, migration set or format are never read again (~41 MB each).
    for (const name of readdirSync(dirname(path))) {
      if (/^pglite-.*\.tar$/.test(name) && name !== basename(path)) {
        rmSync(join(dirname(path), name), { force: true });
      }
    }
    await handle.close();
  } catch (error) {
    // Exit at once: a PGlite left open after a failed save can keep the process spinning.
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
}
