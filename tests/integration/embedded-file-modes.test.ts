import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/embedded';
import { tempDir } from '../helpers/cli';

/** Every path under `dir` whose mode lets the group or others in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    if ((statSync(path).mode & 0o077) !== 0) found.push(path);
    for (const e of readdirSync(path, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(path, e.name));
      else if (e.isFile() && (statSync(join(path, e.name)).mode & 0o077) !== 0) {
        found.push(join(path, e.name));
      }
    }
  };
  walk(dir);
  return found;
}

const dir = tempDir('tend-modes-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps the embedded database to its owner: folder 0700, files 0600, under umask 0022', async () => {
  const previous = process.umask(0o022);
  try {
    const handle = await openEmbedded(join(dir, 'data'));
    await handle.close();
  } finally {
    process.umask(previous);
  }
  expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
  expect(openToOthers(join(dir, 'data'))).toEqual([]);
}, 60_000);
