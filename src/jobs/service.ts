import { hostname } from 'node:os';
import type { AppContext } from '../app/context';
import { guardExternalChannels } from '../delivery/external-guard';
import type { Senders } from '../delivery/sender';
import {
  createOutboxWorker,
  type OutboxWorker,
  settingsOptions,
  type WorkerOptions,
} from '../delivery/worker';
import { allJobs } from './definitions';
import { createScheduler, type Scheduler } from './scheduler';
import { startSignalPoller } from './signal-poller';

export interface BackgroundWork {
  scheduler: Scheduler;
  worker: OutboxWorker | null;
  stop(): Promise<void>;
}

/**
 * The scheduler (every replica ticks; Postgres picks one per slot), the fresh-signal poller
 * between its ticks, and the outbox worker for the platforms this process can send to. Stopping waits for a running job and hands leased
 * outbox rows back.
 */
export function startBackgroundWork(
  ctx: AppContext,
  senders: Senders,
  /** The database's LISTEN, so an enqueue wakes the outbox worker at once. */
  listen?: WorkerOptions['listen'],
): BackgroundWork {
  const instance = `${hostname()}:${process.pid}`;
  const scheduler = createScheduler(ctx, allJobs(), { instance });
  const signals = startSignalPoller(ctx);
  const worker =
    Object.keys(senders).length > 0
      ? createOutboxWorker(ctx, {
          instance,
          senders: guardExternalChannels(ctx, senders),
          ...settingsOptions(ctx.config.settings),
          ...(listen ? { listen } : {}),
        })
      : null;
  worker?.start();
  ctx.log.info({ instance, senders: Object.keys(senders) }, 'scheduler and outbox worker started');
  return {
    scheduler,
    worker,
    async stop() {
      await signals.stop();
      await scheduler.stop();
      await worker?.stop();
    },
  };
}
