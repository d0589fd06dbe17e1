#!/usr/bin/env node
// Runs the compiled build (dist/server, made by `npm install` or `npm run build`) while it matches
// the sources exactly, else the TypeScript sources through tsx: an edit is live on the next start
// with no build step, and a stale build never runs. TEND_FROM_SOURCES=1 always runs the sources.
import { checkBuild } from '../scripts/build-fresh.mjs';

const build =
  process.env.TEND_FROM_SOURCES === '1' ? { stale: 'TEND_FROM_SOURCES=1' } : checkBuild();
if (process.env.TEND_DEBUG_BUILD === '1') {
  console.error(
    build.entry
      ? `tend: running the build ${build.entry}`
      : `tend: running the sources (${build.stale})`,
  );
}
if (build.entry) {
  await import(build.entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
