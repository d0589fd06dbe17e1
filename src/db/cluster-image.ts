import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { migrations } from '../../migrations/index';

/**
 * A prepared cluster image: PGlite's data folder right after initdb and every migration, as
 * PGlite's own tarball (dumpDataDir). A first run that finds one loads it into the new folder
 * (~1 s) instead of running initdb in WebAssembly (~3–4 s, half of a first start) and the
 * migrations. `npm install` makes it (postinstall, scripts/prepare-cluster-image.ts); a first run
 * that finds none makes it on the fly and saves it for the next new folder.
 *
 * The key names what the image holds: PGlite's version (its on-disk format and initdb), the
 * migration names (landed migrations are never edited, so their names say what schema it has)
 * and how it was dumped (IMAGE_FORMAT: an older image, dumped without a checkpoint, is not
 * reused).
 */
/** Bumped when the way an image is made changes what a first run does with it. */
const IMAGE_FORMAT = 'ckpt-lean';

export function clusterImageKey(): string {
  const pgliteDist = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const pkg = JSON.parse(readFileSync(join(dirname(pgliteDist), '..', 'package.json'), 'utf8'));
  const names = createHash('sha256').update(Object.keys(migrations).join('\n')).digest('hex');
  return `pglite-${pkg.version}-migrations-${names.slice(0, 16)}-${IMAGE_FORMAT}`;
}

/** node_modules/.cache/tend (where tools keep caches), or TEND_IMAGE_CACHE (tests). */
export function clusterImageDir(): string {
  const custom = process.env.TEND_IMAGE_CACHE;
  if (custom) return resolve(custom);
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'node_modules', '.cache', 'tend');
}

export function clusterImagePath(): string {
  return join(clusterImageDir(), `${clusterImageKey()}.tar`);
}

/** The image for this PGlite and migration set, or null when there is none (or it is unreadable). */
export function readClusterImage(): Blob | null {
  try {
    return new Blob([readFileSync(clusterImagePath())]);
  } catch {
    return null;
  }
}

/**
 * Saves a migrated, still empty cluster as the image. Written beside and renamed, so two first
 * runs at once (or an install racing a start) never leave a half-written image to load.
 */
export async function saveClusterImage(pglite: PGlite): Promise<string> {
  const image = await dumpClusterImage(pglite);
  const path = clusterImagePath();
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

/**
 * The running cluster's files as a tarball, checkpointed first. dumpDataDir copies the files of
 * a cluster that is still up, so whoever opens the copy finds it "not properly shut down" and
 * replays the WAL since the last checkpoint: for a freshly migrated cluster that was all of the
 * migrations, ~1 s of every first start (and of every test file's fresh database). After a
 * checkpoint the replay has nothing to do.
 *
 * initdb's template databases go first: an embedded cluster is one database that never runs
 * CREATE DATABASE, and their catalogs were 15 MB of the image's 43, written to disk by every
 * first start (~0.3–1 s of it).
 */
export async function dumpClusterImage(pglite: PGlite): Promise<Blob> {
  // One statement each: DROP DATABASE refuses to run inside a (multi-statement) transaction.
  await pglite.exec(
    `update pg_database set datistemplate = false where datname in ('template0', 'template1')`,
  );
  await pglite.exec('drop database if exists template0');
  await pglite.exec('drop database if exists template1');
  await pglite.exec('checkpoint');
  return pglite.dumpDataDir('none');
}
