import { createSlackSender } from '../../src/chat/slack/sender';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createOutboxWorker } from '../../src/delivery/worker';
import { silentLogger } from '../../src/log';

// One outbox replica in its own process, so a test or the delivery benchmark can SIGKILL it:
// `node --import tsx outbox-replica.ts <database-url> <slack-api-url> <name> [lease-ms]`.
const [url, apiUrl, name, lease] = process.argv.slice(2);
if (!url || !apiUrl || !name) throw new Error('usage: outbox-replica <db-url> <api-url> <name>');
const handle = await openDatabase({ kind: 'postgres', url, poolSize: 8 });
const ctx = {
  db: handle.db,
  config: loadConfig({ DATABASE_URL: url }),
  clock: systemClock,
  log: silentLogger,
};
const worker = createOutboxWorker(ctx, {
  instance: name,
  // Production's timeouts: a shorter one turns a slow answer into a retry, and a retry of a
  // post Slack did take into a duplicate.
  senders: { slack: createSlackSender({ token: 'xoxb-bench', apiUrl }) },
  pollMs: 100,
  ...(lease ? { leaseMs: Number(lease) } : {}),
});
worker.start();
process.on('SIGTERM', async () => {
  await worker.stop();
  await handle.close();
  // The process's CPU time, for the benchmark: a figure a busy machine changes little.
  const cpu = process.cpuUsage();
  process.stdout.write(`cpu ${Math.round((cpu.user + cpu.system) / 1000)}\n`);
  process.exit(0);
});
// The parent may be gone (benchmark ended): nothing to tell then.
process.stdout.on('error', () => {});
process.stdout.write('ready\n');
