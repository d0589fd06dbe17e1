import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openContext } from '../../src/cli/context';
import { demoFirstRun } from '../../src/cli/demo-first-run';
import { loadConfig } from '../../src/config';
import { clusterImagePath, saveClusterImage } from '../../src/db/cluster-image';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { tempDir } from '../helpers/cli';

// A first run with a prepared cluster image starts from it instead of initdb. The planted image
// carries a marker table initdb never makes: finding it in the new folder shows the image was
// used (no spy), and the demo must still be seeded on top of it.

const cache = tempDir('tend-image-cache-');
const dir = tempDir('tend-first-run-image-');
const previous = process.env.TEND_IMAGE_CACHE;
process.env.TEND_IMAGE_CACHE = cache;
afterAll(() => {
  if (previous === undefined) delete process.env.TEND_IMAGE_CACHE;
  else process.env.TEND_IMAGE_CACHE = previous;
  rmSync(cache, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

it('a new folder starts from the prepared image (no initdb) and ends seeded', async () => {
  const image = await openDatabase({ kind: 'embedded', dataDir: null });
  await migrateToLatest(image.db);
  await sql`create table image_marker (planted int)`.execute(image.db);
  await saveClusterImage(image.embedded!.pglite);
  await image.close();
  expect(existsSync(clusterImagePath())).toBe(true);

  const config = loadConfig({ TEND_DATA_DIR: join(dir, 'a'), LOG_LEVEL: 'silent' });
  const { ctx, handle } = await openContext(config, {
    migrate: false,
    firstRun: demoFirstRun(config),
  });
  try {
    const marker = await sql<{ n: string }>`select count(*) as n from image_marker`.execute(ctx.db);
    expect(Number(marker.rows[0]?.n)).toBe(0);
    const accounts = await ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(accounts.n)).toBe(200);
  } finally {
    await handle.close();
  }
}, 300_000);
