import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { clusterImageKey } from '../../src/db/cluster-image';
import { BIN, cleanEnv, startServe, tempDir } from '../helpers/cli';

// `npm start` runs the compiled build (scripts/build.mjs) only while it matches the sources, and
// then it must behave as the sources do: same output, files beside modules found (the web page,
// the adaptivecards script), the first-run child run from the build too. The test builds its own
// copy inside the project (packages resolve from node_modules there), never dist/server.

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD = join('dist', `test-build-${process.pid}`);
const manifestPath = join(ROOT, BUILD, 'manifest.json');
const dirs: string[] = [];

beforeAll(() => {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: ROOT,
    env: cleanEnv({ TEND_BUILD_DIR: BUILD }),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => {
  rmSync(join(ROOT, BUILD), { recursive: true, force: true });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tend(args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: cleanEnv({ TEND_BUILD_DIR: BUILD, TEND_DEBUG_BUILD: '1', TEND_LANG: 'en', ...extra }),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

it('tend help from the build prints exactly what the sources print', () => {
  const built = tend(['help']);
  const sources = tend(['help'], { TEND_FROM_SOURCES: '1' });
  expect(built.stderr).toContain('tend: running the build');
  expect(sources.stderr).toContain('tend: running the sources (TEND_FROM_SOURCES=1)');
  expect(built.stdout).toContain('tend serve');
  expect(built.stdout).toBe(sources.stdout);
  expect(built.status).toBe(sources.status);
});

it('a build older than one of its sources never runs: the sources run instead', () => {
  const manifest = readFileSync(manifestPath, 'utf8');
  const main = join(ROOT, BUILD, 'main.js');
  const code = readFileSync(main, 'utf8');
  try {
    // As if src/cli/run.ts had been edited after the build: its recorded hash no longer matches.
    const parsed = JSON.parse(manifest) as { inputs: Record<string, string> };
    expect(Object.keys(parsed.inputs)).toContain('src/cli/run.ts');
    expect(Object.keys(parsed.inputs)).toContain('migrations/index.ts');
    parsed.inputs['src/cli/run.ts'] = '0'.repeat(64);
    writeFileSync(manifestPath, JSON.stringify(parsed));
    // The stale build's code would fail loudly if it ran.
    writeFileSync(main, "throw new Error('the stale build ran');\n");
    const r = tend(['help']);
    expect(r.stderr).toContain('running the sources (src/cli/run.ts changed since the build)');
    expect(r.stderr).not.toContain('the stale build ran');
    expect(r.stdout).toContain('tend serve');
  } finally {
    writeFileSync(manifestPath, manifest);
    writeFileSync(main, code);
  }
  expect(tend(['help']).stderr).toContain('tend: running the build');
});

it('a bundled package upgraded after the build makes the build stale', () => {
  const manifest = readFileSync(manifestPath, 'utf8');
  try {
    // kysely is bundled into the build (BUNDLED_PACKAGES): its recorded package.json is another.
    const parsed = JSON.parse(manifest) as { inputs: Record<string, string> };
    expect(Object.keys(parsed.inputs)).toContain('node_modules/kysely/package.json');
    parsed.inputs['node_modules/kysely/package.json'] = '0'.repeat(64);
    writeFileSync(manifestPath, JSON.stringify(parsed));
    expect(tend(['help']).stderr).toContain(
      'running the sources (node_modules/kysely/package.json changed since the build)',
    );
  } finally {
    writeFileSync(manifestPath, manifest);
  }
});

it('tend serve from the build seeds a new folder and serves the local workspace page', async () => {
  // The test's migrated image as the prepared cluster image: no initdb, as after npm install.
  const cache = tempDir('tend-build-image-');
  const data = tempDir('tend-build-data-');
  dirs.push(cache, data);
  copyFileSync(inject('embeddedImage'), join(cache, `${clusterImageKey()}.tar`));
  const server = await startServe({
    TEND_BUILD_DIR: BUILD,
    TEND_DEBUG_BUILD: '1',
    TEND_IMAGE_CACHE: cache,
    TEND_DATA_DIR: data,
    LOG_LEVEL: 'info',
  });
  try {
    expect(server.output().stderr).toContain('tend: running the build');
    // The first-run child ran from the build and seeded the folder from the image.
    expect(server.output().stdout).toMatch(/"cluster":"image".*"first run done"/);
    expect(server.output().stdout).toContain('demo data seeded');
    for (const path of ['/readyz', '/', '/local/web/app.js', '/local/vendor/adaptivecards.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.text()).length, path).toBeGreaterThan(0);
    }
  } finally {
    await server.stop();
  }
}, 120_000);
