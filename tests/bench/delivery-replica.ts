import { createSlackSender } from '../../src/chat/slack/sender';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createOutboxWorker } from '../../src/delivery/worker';
import { silentLogger } from '../../src/log';

// One replica of the delivery benchmark, in its own process so it can be SIGKILLed:
// `node --import tsx delivery-replica.ts <database-url> <slack-api-url> <name>`.
const [url, apiUrl, name] = process.argv.slice(2);
if (!url || !apiUrl || !name) throw new Error('usage: delivery-replica <db-url> <api-url> <name>');
const handle = await openDatabase({ kind: 'postgres', url, poolSize: 8 });
const ctx = {
  db: handle.db,
  config: loadConfig({ DATABASE_URL: url }),
  clock: systemClock,
  log: silentLogger,
};
const worker = createOutboxWorker(ctx, {
  instance: name,
  senders: { slack: createSlackSender({ token: 'xoxb-bench', apiUrl, timeoutMs: 3_000 }) },
  sendTimeoutMs: 3_000,
  pollMs: 100,
});
worker.start();
process.on('SIGTERM', async () => {
  await worker.stop();
  await handle.close();
  process.exit(0);
});
// The parent may be gone (benchmark ended): nothing to tell then.
process.stdout.on('error', () => {});
process.stdout.write('ready\n');
