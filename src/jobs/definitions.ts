import { runEscalateJob } from '../app/alert-escalation';
import { runReminderJob } from '../app/alert-reminders';
import { runRiskJob } from '../app/alerts';
import { runCatchUps } from '../app/away';
import type { AppContext } from '../app/context';
import { runDigestJob } from '../app/digests';
import { syncHubspot } from '../app/hubspot-sync';
import { runMetricsDigestJob } from '../app/metrics-digest';
import { runPlaybookJob } from '../app/playbooks';
import { runRenewalJob } from '../app/renewal-reminders';
import { enforceRetention } from '../app/retention';
import { runRuleChecks } from '../app/rule-checks';
import { escalateLoops } from '../app/survey-loops';
import { pruneTracking } from '../app/track';
import { type JobMode, latestDue, latestEvery } from '../domain/schedule';
import { TendError } from '../errors';
import { pruneRuns } from '../store/job-runs';

export const JOB_NAMES = [
  'risk',
  'signals',
  'renewals',
  'digest',
  'escalate',
  'hubspot',
  'playbooks',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as readonly string[]).includes(value);
}

export interface JobDefinition {
  name: JobName;
  /** The latest slot at or before `now`; a slot is this job's unit of "run once". */
  latestSlot(ctx: AppContext, now: Date): Date | null;
  run(ctx: AppContext, slot: Date, mode?: JobMode): Promise<unknown>;
}

/**
 * Every scheduled job with its use case; the scheduler and `tend jobs run` share these.
 * Risk hourly (new data lands all day), fresh signals every minute (the rules for just the
 * accounts ingestion touched; a cheap read when none did), renewal reminders daily at 08:00 in
 * the team's time zone, escalation every 15 minutes, digests every minute (each subscription has its own local
 * time; the digest job finds the due ones).
 */
export function allJobs(): JobDefinition[] {
  return [
    {
      name: 'risk',
      latestSlot: (_ctx, now) => latestEvery(60, now),
      run: async (ctx) => {
        // Housekeeping rides on the hourly risk run. The per-minute digest job adds 1,440
        // job_runs rows a day: keep 30 days. Every `retention:` window is applied (privacy).
        const now = ctx.clock.now();
        await pruneRuns(ctx.db, new Date(now.getTime() - 30 * 86_400_000));
        await enforceRetention(ctx);
        await pruneTracking(ctx);
        return runRiskJob(ctx);
      },
    },
    {
      name: 'signals',
      latestSlot: (_ctx, now) => latestEvery(1, now),
      run: (ctx) => runRuleChecks(ctx),
    },
    {
      name: 'renewals',
      latestSlot: (ctx, now) =>
        latestDue(
          { at: '08:00', timeZone: ctx.config.settings.timezone, weekdaysOnly: false },
          now,
        ),
      run: (ctx) => runRenewalJob(ctx),
    },
    {
      name: 'digest',
      latestSlot: (_ctx, now) => latestEvery(1, now),
      // The catch-up of people whose quiet hours just ended, and the metrics digests
      // (`/cs subscribe metrics`), ride on the per-minute digest slot.
      run: async (ctx, slot, mode) => {
        const digests = await runDigestJob(ctx, slot, mode);
        const metrics = await runMetricsDigestJob(ctx, mode);
        return {
          ...digests,
          subscriptions: digests.subscriptions + metrics.subscriptions,
          metricsDigests: metrics.digests,
          messages: digests.messages + metrics.messages,
          catchUps: await runCatchUps(ctx),
        };
      },
    },
    {
      name: 'escalate',
      latestSlot: (_ctx, now) => latestEvery(15, now),
      // Reminders of acknowledged alerts nobody followed up ride on the escalation slot.
      run: async (ctx) => {
        const alerts = await runEscalateJob(ctx);
        const loops = await escalateLoops(ctx);
        return {
          ...alerts,
          loops: loops.escalated,
          messages: alerts.messages + loops.messages,
          reminders: await runReminderJob(ctx),
        };
      },
    },
    {
      // Playbooks whose trigger is a state, not an event (renewal windows, new accounts, band
      // changes), hourly after the risk run's recompute; every occurrence starts once.
      name: 'playbooks',
      latestSlot: (_ctx, now) => latestEvery(60, now),
      run: (ctx) => runPlaybookJob(ctx),
    },
    {
      // Only where HUBSPOT_ACCESS_TOKEN is set: else it has no slot and never runs.
      name: 'hubspot',
      latestSlot: (ctx, now) =>
        ctx.config.env.HUBSPOT_ACCESS_TOKEN
          ? latestEvery(ctx.config.settings.connectors.hubspot.everyMinutes, now)
          : null,
      run: (ctx) => syncHubspot(ctx),
    },
  ];
}

export function jobNamed(name: string): JobDefinition {
  if (!isJobName(name)) {
    throw new TendError(
      'unknown_job',
      `unknown job '${name}' (one of: ${JOB_NAMES.join(', ')})`,
      2,
      { key: 'job.unknown', params: { name, names: JOB_NAMES.join(', ') } },
    );
  }
  return allJobs().find((j) => j.name === name) as JobDefinition;
}
