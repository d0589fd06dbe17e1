import { hostname } from 'node:os';
import { type JobStatus, jobStatus } from '../app/job-status';
import { t, tm } from '../cards/i18n/t';
import type { Locale } from '../domain/locale';
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

function printStatus(status: JobStatus, io: CliIo, locale: Locale): void {
  const c = status.outbox;
  io.out(t(locale, 'cli.jobs.outbox', { pending: c.pending, sentN: c.sent, failed: c.failed }));
  io.out(t(locale, 'cli.jobs.recentRuns'));
  if (status.runs.length === 0) io.out(`  ${t(locale, 'cli.jobs.noRuns')}`);
  const word = (s: string) => t(locale, 'cli.jobs.runStatus', { status: s }).padEnd(7);
  for (const r of status.runs) {
    const detail = r.error
      ? t(locale, 'cli.jobs.runError', { error: r.error })
      : JSON.stringify(r.summary ?? null);
    const line = { job: r.job.padEnd(9), slot: when(r.slot), status: word(r.status) };
    io.out(`  ${t(locale, 'cli.jobs.run', { ...line, by: r.claimed_by, detail })}`);
  }
  io.out(t(locale, 'cli.jobs.connectors'));
  if (status.connectors.length === 0) io.out(`  ${t(locale, 'cli.jobs.noConnectors')}`);
  for (const c of status.connectors) {
    const params = {
      connector: c.connector.padEnd(9),
      received: c.received,
      written: c.written,
      duplicates: c.duplicates,
      skipped: c.skipped,
      rejected: c.rejected,
      success: when(c.last_success_at),
      cursor: c.cursor || 'none',
      error: c.last_error || 'none',
      errorAt: when(c.last_error_at),
    };
    io.out(`  ${t(locale, 'cli.jobs.connector', params)}`);
  }
  if (status.unsent.length > 0) io.out(t(locale, 'cli.jobs.unsent'));
  for (const m of status.unsent) {
    const params = {
      id: String(m.id),
      status: word(m.status),
      target: `${m.platform}:${m.channel_id}`,
      key: m.dedupe_key,
      attempts: m.attempts,
      next: m.status === 'pending' ? when(m.next_attempt_at) : 'none',
      reason: m.last_error || 'none',
    };
    io.out(`  ${t(locale, 'cli.jobs.unsentRow', params)}`);
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
      const locale = cliLocale(ctx);
      if (run.manual && run.outcome.ran && !('error' in run.outcome)) {
        const what = tm(locale, describeRun(name, run.outcome.summary, 'queued'));
        io.out(t(locale, 'cli.jobs.ranNow', { name, what }));
        return 0;
      }
      if (!run.outcome.ran) {
        io.out(t(locale, 'cli.jobs.alreadyRun', { name, slot }));
        return 0;
      }
      if ('error' in run.outcome) {
        io.err(t(locale, 'cli.jobs.failed', { name, slot, error: run.outcome.error }));
        return 1;
      }
      const summary = JSON.stringify(run.outcome.summary);
      io.out(t(locale, 'cli.jobs.slotDone', { name, slot, summary }));
      return 0;
    }
    if (action === 'status' && !name && !at) {
      printStatus(await jobStatus(ctx), io, cliLocale(ctx));
      return 0;
    }
    io.err(usageLines(cliLocale(ctx), this.usage));
    return 2;
  },
};
