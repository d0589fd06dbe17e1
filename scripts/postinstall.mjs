// npm's postinstall: prepares the cluster image (scripts/prepare-cluster-image.ts). It is only a
// speed-up for the first start, so it must never fail an install: any error is one line, exit 0.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
