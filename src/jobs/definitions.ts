import type { AppContext } from '../app/context';
import { latestDue, latestEvery } from '../domain/schedule';

export const JOB_NAMES = ['risk', 'renewals', 'digest', 'escalate', 'hubspot'] as const;
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
 * `scheduled`: the slot the scheduler (or `--at`) names. `manual`: a person asked to run it
 * now; a job whose work depends on the slot (digests: only the due ones) does it all.
 */
export type JobMode = 'scheduled' | 'manual';

export type JobRunner = (ctx: AppContext, slot: Date, mode?: JobMode) => Promise<unknown>;

/**
 * When each job runs. Risk hourly (new data lands all day), renewal reminders daily at 08:00
 * in the team's time zone, escalation every 15 minutes, digests every minute (each
 * subscription has its own local time; the digest job finds the due ones). The HubSpot sync
 * every connectors.hubspot.everyMinutes, only where HUBSPOT_ACCESS_TOKEN is set (else it has
 * no slot and never runs).
 */
export function jobDefinitions(runners: Record<JobName, JobRunner>): JobDefinition[] {
  return [
    { name: 'risk', latestSlot: (_ctx, now) => latestEvery(60, now), run: runners.risk },
    {
      name: 'renewals',
      latestSlot: (ctx, now) =>
        latestDue(
          { at: '08:00', timeZone: ctx.config.settings.timezone, weekdaysOnly: false },
          now,
        ),
      run: runners.renewals,
    },
    { name: 'digest', latestSlot: (_ctx, now) => latestEvery(1, now), run: runners.digest },
    { name: 'escalate', latestSlot: (_ctx, now) => latestEvery(15, now), run: runners.escalate },
    {
      name: 'hubspot',
      latestSlot: (ctx, now) =>
        ctx.config.env.HUBSPOT_ACCESS_TOKEN
          ? latestEvery(ctx.config.settings.connectors.hubspot.everyMinutes, now)
          : null,
      run: runners.hubspot,
    },
  ];
}
