// npm's postinstall: the compiled build (scripts/build.mjs) and the cluster image
// (scripts/prepare-cluster-image.ts). Both are only speed-ups for the first start, so neither
// may fail an install: each failure is one line, and the script exits 0.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

try {
  // Without a build `npm start` runs the sources through tsx, as it did before there was one.
  const { build } = await import('./build.mjs');
  const { ms, files } = await build();
  console.log(`tend: compiled ${files} sources into dist/server in ${ms} ms`);
} catch (error) {
  const why = String(error?.message ?? error).split('\n')[0];
  console.log(`tend: no compiled build (npm start will compile the sources): ${why}`);
}

try {
  const script = fileURLToPath(new URL('./prepare-cluster-image.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'inherit', 'pipe'],
    // An install never waits on a speed-up: past two minutes, give up (spawnSync kills it).
    timeout: 120_000,
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    const lines = (run.stderr ?? '').trim().split('\n');
    const why = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? `exit ${run.status}`;
    throw new Error(why.trim());
  }
} catch (error) {
  console.log(`tend: no prepared cluster image (first start will run initdb): ${error.message}`);
}
process.exit(0);
