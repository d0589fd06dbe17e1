import { loadConfig } from '../config';
import { beginFirstRun } from '../db/embedded';
import { demoFirstRun } from './demo-first-run';
import { assertPortFree } from './port-check';

/**
 * `tend serve` on a new embedded folder: the first-run child (initdb from the prepared image,
 * migrations, demo seed) starts here, before the server loads the rest of its code, so the two
 * overlap instead of adding up (~0.7 s of a first start). Anything wrong (configuration, port,
 * folder) is left for the server's own start to report in its usual words: this only starts
 * early what that start would have started anyway.
 */
export async function beginServeEarly(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const config = loadConfig(env);
    if (config.database.kind !== 'embedded') return;
    // A taken port ends the start at once: no folder is made for a server that will not run.
    await assertPortFree(config.http.port, config.http.host);
    beginFirstRun(config.database.dataDir, demoFirstRun(config));
  } catch {
    // Reported by the start itself.
  }
}
