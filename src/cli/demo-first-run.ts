import type { Config } from '../config';
import type { FirstRunChild } from '../db/embedded';

/**
 * Set by the compiled build (scripts/build.mjs, a banner line in every file it writes): the URL
 * of the bundle file this code runs from. Undefined when the sources run through tsx.
 */
declare const __tend_build_url: string | undefined;

/**
 * What `tend serve` does to a new embedded folder, in a child process (db/embedded.ts,
 * firstRunInChild): initdb, migrations and the demo seed. The server then opens a ready folder
 * and never holds the seed's garbage: the generated rows, the bulk load's strings and the
 * WebAssembly pages PGlite touched loading them (a first start idled ~30 MB above a later one).
 * The child runs the same code as the server: the build's own first-run entry when the server
 * runs the build, else our TypeScript through tsx, as bin/tend.js does. It gets the server's
 * configuration (a test's or a settings file's time zone and health weights score the demo).
 */
export function demoFirstRun(config: Config): FirstRunChild {
  const built =
    typeof __tend_build_url === 'string' ? new URL('./first-run.js', __tend_build_url).href : null;
  // The sources' child entry is first-run.ts beside this file (apart from it, so that `tend
  // serve` can start the child before it loads the seed and the rest of the app).
  const entry = built ?? new URL('./first-run.ts', import.meta.url).href;
  const run = `const m = await import(${JSON.stringify(entry)}); await m.runFirstRun();`;
  const loader = built ? [] : ['--import', import.meta.resolve('tsx/esm')];
  return {
    argv: [...loader, '--input-type=module', '-e', run],
    env: { TEND_FIRST_RUN_CONFIG: JSON.stringify(config) },
  };
}
