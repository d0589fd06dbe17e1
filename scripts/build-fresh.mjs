// Whether the compiled build (scripts/build.mjs) may run: only while it was made from exactly
// the sources in the folder now. Plain JavaScript with no dependencies, because bin/tend.js
// asks before anything else loads; hashing the ~500 sources takes a few milliseconds.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * dist/server, or TEND_BUILD_DIR (tests; a folder inside the project, where node_modules resolves).
 * The build's own files import packages by name, so it cannot live outside the project.
 */
export const BUILD_DIR = join(ROOT, process.env.TEND_BUILD_DIR ?? join('dist', 'server'));
export const MANIFEST = 'manifest.json';

const sha = (data) => createHash('sha256').update(data).digest('hex');

/**
 * What else decides the build's output besides the sources it bundled: the build itself, the
 * compiler settings, the package's own manifest, and which files exist under src/ and
 * migrations/ (a new file can change what an import resolves to without any bundled file changing).
 */
export function buildKey() {
  const hash = createHash('sha256');
  for (const file of [
    'scripts/build.mjs',
    'scripts/build-fresh.mjs',
    'tsconfig.json',
    'package.json',
  ]) {
    hash.update(`${file}\0${sha(readFileSync(join(ROOT, file)))}\n`);
  }
  for (const dir of ['src', 'migrations']) {
    const names = readdirSync(join(ROOT, dir), { recursive: true }).sort();
    hash.update(`${dir}\0${names.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/**
 * The build's entry to import, or why it may not run (no build yet, or which file differs from
 * the one it was built from). Never throws: anything unreadable means "run the sources".
 */
export function checkBuild() {
  try {
    const manifest = JSON.parse(readFileSync(join(BUILD_DIR, MANIFEST), 'utf8'));
    if (manifest.key !== buildKey())
      return { stale: 'the build settings or the set of source files changed' };
    for (const [path, hash] of Object.entries(manifest.inputs)) {
      let now;
      try {
        now = sha(readFileSync(join(ROOT, path)));
      } catch {
        now = null;
      }
      if (now !== hash) return { stale: `${path} changed since the build` };
    }
    return { entry: pathToFileURL(join(BUILD_DIR, 'main.js')).href };
  } catch (error) {
    return { stale: error.code === 'ENOENT' ? 'no build' : `unreadable build (${error.message})` };
  }
}
