import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { lockHolder } from '../../src/db/data-dir-lock';
import { beginFirstRun, type FirstRunChild, openEmbedded, v8Flags } from '../../src/db/embedded';
import { tempDir } from '../helpers/cli';

// `tend serve` starts a new folder's first-run child before it loads the rest of its code
// (cli/early-first-run.ts); the server's openEmbedded must then wait for that child, never
// start a second one into the same folder, and report its failure as its own.

const dirs: string[] = [];
const folder = () => {
  const dir = tempDir('tend-early-');
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A first run that loads the test image into the folder and signs the folder with `who`. */
function signedRun(who: string, exitCode = 0, dieAfterUnpack = false): FirstRunChild {
  const program = `
    const { PGlite } = await import(process.env.TEND_PGLITE_URL);
    const { readFileSync, appendFileSync } = await import('node:fs');
    if (${exitCode} !== 0) { console.error('the first run broke'); process.exit(${exitCode}); }
    const pg = await PGlite.create(process.env.TEND_PGDATA, {
      loadDataDir: new Blob([readFileSync(process.env.TEST_IMAGE)]),
    });
    await pg.close();
    if (${dieAfterUnpack}) process.exit(9);
    appendFileSync(process.env.TEND_PGDATA + '/../who', process.env.WHO + ';');`;
  return {
    argv: ['--input-type=module', '-e', program],
    env: { TEST_IMAGE: inject('embeddedImage'), WHO: who },
  };
}

it('the server waits for the early first run and never starts a second one', async () => {
  const dir = folder();
  expect(beginFirstRun(dir, signedRun('early'))).toBe(true);
  // The server asks at once, while the early child is still at work.
  const handle = await openEmbedded(dir, signedRun('late'));
  try {
    const { rows } = await handle.pglite.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where tablename = 'accounts'",
    );
    expect(rows[0]?.n).toBe(1);
    expect(readFileSync(join(dir, 'who'), 'utf8')).toBe('early;');
  } finally {
    await handle.close();
  }
  expect(lockHolder(dir)).toBeNull();
}, 60_000);

it("an early first run that fails is the server's start failing, with the folder unlocked", async () => {
  const dir = folder();
  expect(beginFirstRun(dir, signedRun('early', 3))).toBe(true);
  await expect(openEmbedded(dir, signedRun('late'))).rejects.toThrow(
    /cannot open the embedded database .*exited with 3: the first run broke/,
  );
  expect(existsSync(join(dir, 'who'))).toBe(false);
  expect(lockHolder(dir)).toBeNull();
}, 60_000);

it('a first run that dies half-way leaves no folder that looks made: the next start begins again', async () => {
  const dir = folder();
  // The cluster is unpacked (PG_VERSION and all), then the child dies before it is done.
  await expect(openEmbedded(dir, signedRun('first', 0, true))).rejects.toThrow(/exited with 9/);
  expect(existsSync(join(dir, 'pgdata', 'PG_VERSION'))).toBe(false);
  const handle = await openEmbedded(dir, signedRun('second'));
  await handle.close();
  expect(readFileSync(join(dir, 'who'), 'utf8')).toBe('second;');
}, 60_000);

it('a folder that is already made is left to the server', async () => {
  const dir = folder();
  const handle = await openEmbedded(dir, signedRun('first'));
  await handle.close();
  expect(beginFirstRun(dir, signedRun('again'))).toBe(false);
  expect(lockHolder(dir)).toBeNull();
  const reopened = await openEmbedded(dir, signedRun('again'));
  await reopened.close();
  expect(readFileSync(join(dir, 'who'), 'utf8')).toBe('first;');
}, 60_000);

it("the first-run child gets the server's V8 flags, not its loaders or probes", () => {
  expect(
    v8Flags([
      '--max-semi-space-size=2',
      '--import',
      'tsx',
      '--liftoff-only',
      '--require=./probe.cjs',
      '--cpu-prof',
      '--cpu-prof-dir',
      '/tmp/p',
      '-r',
      'x',
      '--optimize-for-size',
    ]),
  ).toEqual(['--max-semi-space-size=2', '--liftoff-only', '--optimize-for-size']);
});
