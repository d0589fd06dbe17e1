import pg from 'pg';
import pino from 'pino';
import { createSlackSender } from '../../src/chat/slack/sender';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createOutboxWorker } from '../../src/delivery/worker';
import { createLogger, silentLogger } from '../../src/log';

// One outbox replica in its own process, so a test or the delivery benchmark can SIGKILL it:
// `node --import tsx outbox-replica.ts <database-url> <slack-api-url> <name> [lease-ms]`.
const cpuMs = () => {
  const cpu = process.cpuUsage();
  return Math.round((cpu.user + cpu.system) / 1000);
};
// Statements sent to the database, for the benchmark's round trips per message.
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
const [url, apiUrl, name, lease] = process.argv.slice(2);
if (!url || !apiUrl || !name) throw new Error('usage: outbox-replica <db-url> <api-url> <name>');
const handle = await openDatabase({ kind: 'postgres', url, poolSize: 8 });
const ctx = {
  db: handle.db,
  config: loadConfig({ DATABASE_URL: url }),
  clock: systemClock,
  // OUTBOX_REPLICA_LOG=warn: the worker's warnings on stderr (why a benchmark run retried).
  log: process.env.OUTBOX_REPLICA_LOG
    ? createLogger(process.env.OUTBOX_REPLICA_LOG, pino.destination(2))
    : silentLogger,
};
const worker = createOutboxWorker(ctx, {
  instance: name,
  // Production's timeouts: a shorter one turns a slow answer into a retry, and a retry of a
  // post Slack did take into a duplicate.
  senders: { slack: createSlackSender({ token: 'xoxb-bench', apiUrl }) },
  // As in production (main.ts): an enqueue's NOTIFY wakes the replica; it polls every 500 ms.
  listen: (channel, handlers) => handle.listen(channel, handlers),
  ...(lease ? { leaseMs: Number(lease) } : {}),
  // For trying other settings in the benchmark: OUTBOX_REPLICA_SLOTS, OUTBOX_REPLICA_CLAIM_BATCH.
  ...(process.env.OUTBOX_REPLICA_SLOTS
    ? { sendSlots: Number(process.env.OUTBOX_REPLICA_SLOTS) }
    : {}),
  ...(process.env.OUTBOX_REPLICA_CLAIM_BATCH
    ? { claimBatch: Number(process.env.OUTBOX_REPLICA_CLAIM_BATCH) }
    : {}),
});
worker.start();
process.on('SIGTERM', async () => {
  await worker.stop();
  await handle.close();
  // The process's CPU time, for the benchmark: a figure a busy machine changes little.
  process.stdout.write(`cpu ${cpuMs()} statements ${statements}\n`);
  process.exit(0);
});
// The parent may be gone (benchmark ended): nothing to tell then.
process.stdout.on('error', () => {});
// CPU at ready too: the benchmark counts what delivery cost, not loading tsx and the modules.
process.stdout.write(`ready ${cpuMs()} statements ${statements}\n`);
