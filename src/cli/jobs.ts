import { hostname } from 'node:os';
import { type JobStatus, jobStatus } from '../app/job-status';
import { TendError } from '../errors';
import { describeRun, runJobByHand, runJobNow } from '../jobs/run-by-hand';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { cliLocale } from './locale';
import { usageLines } from './usage-error';

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '-');

function parseAt(args: string[]): { rest: string[]; at?: Date } {
  const i = args.indexOf('--at');
  if (i === -1) return { rest: args };
  const raw = args[i + 1];
  const at = raw ? new Date(raw) : null;
  if (!raw || !at || Number.isNaN(at.getTime())) {
    throw new TendError('bad_at', '--at needs an ISO time such as 2026-11-23T09:00:00Z', 2, {
      key: 'cli.badAt',
    });
  }
  return { rest: [...args.slice(0, i), ...args.slice(i + 2)], at };
}

function printStatus(status: JobStatus, io: CliIo): void {
  const c = status.outbox;
  io.out(`outbox: ${c.pending} pending, ${c.sent} sent, ${c.failed} failed`);
  io.out('recent job runs:');
  if (status.runs.length === 0) io.out('  none yet');
  for (const r of status.runs) {
    const detail = r.error ? `error: ${r.error}` : JSON.stringify(r.summary ?? null);
    io.out(
      `  ${r.job.padEnd(9)} slot ${when(r.slot)}  ${r.status.padEnd(7)} by ${r.claimed_by}  ${detail}`,
    );
  }
  io.out('connectors:');
  if (status.connectors.length === 0) io.out('  none has received anything yet');
  for (const c of status.connectors) {
    const counts = `${c.received} received, ${c.written} written, ${c.duplicates} duplicates, ${c.skipped} skipped, ${c.rejected} rejected`;
    const error = c.last_error ? `  last error ${when(c.last_error_at)}: ${c.last_error}` : '';
    const cursor = c.cursor ? `  cursor ${c.cursor}` : '';
    io.out(
      `  ${c.connector.padEnd(9)} ${counts}  last success ${when(c.last_success_at)}${cursor}${error}`,
    );
  }
  if (status.unsent.length > 0) io.out('messages not sent:');
  for (const m of status.unsent) {
    const next = m.status === 'pending' ? `next try ${when(m.next_attempt_at)}` : 'gave up';
    io.out(
      `  #${m.id} ${m.status.padEnd(7)} ${m.platform}:${m.channel_id} ${m.dedupe_key}  ${m.attempts} attempts, ${next}${m.last_error ? `  reason: ${m.last_error}` : ''}`,
    );
  }
}

export const jobsCommand: CliCommand = {
  name: 'jobs',
  usage: [
    'tend jobs run <risk|signals|renewals|digest|escalate|hubspot> [--at ISO-time]',
    'tend jobs status',
  ],
  summary: 'cli.help.jobs',
  forms: { 1: 'cli.help.jobs.1' },
  async run(args, ctx, io) {
    const { rest, at } = parseAt(args);
    const [action, name, ...extra] = rest;
    if (action === 'run' && name && extra.length === 0) {
      const instance = `cli:${hostname()}:${process.pid}`;
      // Without --at a person asks for a run now: a manual run, not the current slot (which
      // the scheduler has usually claimed already). --at names a slot on purpose.
      const run = at
        ? await runJobByHand(ctx, name, at, instance)
        : await runJobNow(ctx, name, instance);
      const slot = run.slot.toISOString();
      if (run.manual && run.outcome.ran && !('error' in run.outcome)) {
        io.out(`${name}: ran now: ${describeRun(name, run.outcome.summary, 'queued')}`);
        return 0;
      }
      if (!run.outcome.ran) {
        io.out(`${name}: slot ${slot} was already run (see 'tend jobs status'); nothing to do`);
        return 0;
      }
      if ('error' in run.outcome) {
        io.err(`tend: ${name} slot ${slot} failed: ${run.outcome.error}`);
        return 1;
      }
      io.out(`${name}: slot ${slot} done ${JSON.stringify(run.outcome.summary)}`);
      return 0;
    }
    if (action === 'status' && !name && !at) {
      printStatus(await jobStatus(ctx), io);
      return 0;
    }
    io.err(usageLines(cliLocale(ctx), this.usage));
    return 2;
  },
};
