import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { ChangeFeed, ChangeHandlers } from '../db/change-feed';
import type { DB } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Logger } from '../log';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { OUTBOX_WAKE, pendingInChannel, pruneSent } from '../store/outbox';
import {
  type Channel,
  type ClaimedChannel,
  claimChannels,
  releaseLeases,
  renewLease,
} from '../store/outbox-leases';
import { createDelivery, SEND_SLOTS } from './deliver';
import { groupCommit } from './group-commit';
import type { Pace } from './pacer';
import { createSendGate, type SendGate } from './send-gate';
import { SEND_TIMEOUT_MS, type Senders } from './sender';

/** What the worker needs from the world: the outbox's database, a clock, a log. */
export interface OutboxDeps {
  db: DB;
  clock: Clock;
  log: Logger;
}

export interface WorkerOptions {
  instance: string;
  senders: Senders;
  /** How long a channel lease lasts without renewal (database clock). */
  leaseMs?: number;
  /**
   * Channels this worker sends to at once (default 400). With bookkeeping written in batches
   * a channel costs the pool a few statements per lease, not one per message.
   */
  maxChannels?: number;
  /**
   * Channels leased per claim statement (default 100): the worker claims again at once after a
   * full one. One claim of hundreds of channels and their heads held every first post back
   * until the whole answer was read, and handed one replica more than its share.
   */
  claimBatch?: number;
  /**
   * Platform calls under way at once (default SEND_SLOTS); the waiting ones go earliest
   * deadline first, first posts before all (send-gate.ts, pacer.ts).
   */
  sendSlots?: number;
  /** A gate of the caller's instead (shared by several workers, or watched by a test). */
  gate?: SendGate;
  /** Rows read from a channel's head at a time. */
  perChannel?: number;
  /** Messages sent on one lease before the channel is handed back (fairness across replicas). */
  perLease?: number;
  /** One platform call may take this long before it counts as a failed try (SEND_TIMEOUT_MS). */
  sendTimeoutMs?: number;
  /** Failed tries go on this long before a message gives up (settings.delivery.retryHours). */
  retryBudgetMs?: number;
  /** Sent messages are deleted after this many days (settings.retention.sentMessagesDays). */
  sentRetentionDays?: number;
  /** How often to look for due channels; an enqueue wakes the worker sooner (see `listen`). */
  pollMs?: number;
  /**
   * LISTEN on the database (DatabaseHandle.listen): an enqueue's NOTIFY wakes the worker at
   * once instead of at its next poll. Without it, or while it is down, the poll alone runs.
   */
  listen?: (channel: string, handlers: ChangeHandlers) => Promise<ChangeFeed>;
  /** Per platform; Slack's chat.postMessage allows about 1 a second per channel, in bursts. */
  pace?: Record<string, Pace>;
  random?: () => number;
  /** Real time for pacing (the clock in deps may be fixed in tests). */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The worker's options that come from the settings file. */
export function settingsOptions(
  settings: Settings,
): Pick<WorkerOptions, 'retryBudgetMs' | 'sentRetentionDays'> {
  return {
    retryBudgetMs: settings.delivery.retryHours * 3_600_000,
    sentRetentionDays: settings.retention.sentMessagesDays,
  };
}

const PRUNE_EVERY_MS = 60 * 60_000;
const PRUNE_BATCH = 1000;
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface OutboxWorker {
  /** Claims the channels that are due and drains them; returns how many messages it tried. */
  drainOnce(): Promise<number>;
  /** Drains until nothing is due (messages waiting for a later retry stay pending). */
  runUntilIdle(): Promise<number>;
  /** Deletes sent messages past the retention window; returns how many. */
  pruneOnce(): Promise<number>;
  start(): void;
  /** Looks for due channels now rather than at the next poll (an enqueue's NOTIFY). */
  wake(): void;
  /** Stops claiming, lets each channel finish the message in hand, and hands leases back. */
  stop(): Promise<void>;
  /** The pacer's buckets: channels kept, and those waiting between its yes and their post. */
  pacing(): { channels: number; asked: number };
}

/**
 * The outbox's worker: claims due channels (a lease each, with the head of its queue), drains
 * each one in order, one message at a time (deliver.ts), and hands the channel back. Lease
 * hand-backs of many channels go in one transaction.
 */
export function createOutboxWorker(ctx: OutboxDeps, options: WorkerOptions): OutboxWorker {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxChannels = options.maxChannels ?? 400;
  const claimBatch = options.claimBatch ?? 100;
  const perChannel = options.perChannel ?? 20;
  const perLease = options.perLease ?? 100;
  const retentionDays = options.sentRetentionDays ?? DEFAULT_SETTINGS.retention.sentMessagesDays;
  const nowMs = options.nowMs ?? (() => performance.now());
  const platforms = Object.keys(options.senders);
  // Unique per worker, so a lease names exactly one holder even with many in a process.
  const owner = `${options.instance}#${randomUUID().slice(0, 8)}`;
  const active = new Map<string, Promise<number>>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let feed: Promise<ChangeFeed | null> | null = null;
  let nudge: (() => void) | null = null;
  let woken = false;
  let lastPrune = Number.NEGATIVE_INFINITY;
  const { deliver, pacing } = createDelivery({
    ...ctx,
    senders: options.senders,
    owner,
    sendTimeoutMs: options.sendTimeoutMs ?? SEND_TIMEOUT_MS,
    retryBudgetMs: options.retryBudgetMs ?? DEFAULT_SETTINGS.delivery.retryHours * 3_600_000,
    ...(options.pace ? { pace: options.pace } : {}),
    random: options.random ?? Math.random,
    nowMs,
    sleep: options.sleep ?? realSleep,
    stopping: () => stopping,
    gate: options.gate ?? createSendGate(options.sendSlots ?? SEND_SLOTS),
  });
  const release = groupCommit(
    (channels: Channel[]) => releaseLeases(ctx.db, owner, channels, ctx.clock.now()),
    { maxBatch: 500, maxInFlight: 2 },
  );

  const keyOf = (c: Channel) => `${c.platform}:${c.channel_id}`;

  /** Sends a leased channel's due messages in order; returns how many it tried. */
  async function drainChannel(channel: ClaimedChannel): Promise<number> {
    let tried = 0;
    let renewedAt = nowMs();
    let lost = false;
    // The claim read the head already; later reads (a long queue) go from where it left off.
    let rows: OutboxRow[] | null = channel.rows.slice(0, Math.min(perChannel, perLease));
    try {
      drain: while (!stopping && tried < perLease) {
        const want = Math.min(perChannel, perLease - tried);
        rows ??= await pendingInChannel(ctx.db, channel, ctx.clock.now(), want);
        if (rows.length === 0) break;
        // A short read was the whole queue: a message enqueued meanwhile moves the channel's
        // due time up, and releasing the lease hands it to the next claim.
        const whole = rows.length < want;
        for (const [i, row] of rows.entries()) {
          if (stopping || row.next_attempt_at.getTime() > ctx.clock.now().getTime()) break drain;
          if (nowMs() - renewedAt > leaseMs / 3) {
            if (!(await renewLease(ctx.db, owner, channel, leaseMs))) {
              lost = true;
              ctx.log.warn({ channel: keyOf(channel) }, 'outbox lease ran out; channel handed on');
              break drain;
            }
            renewedAt = nowMs();
          }
          const mark = channel.sending?.id === row.id ? channel.sending.since : null;
          // The rows read behind it (the pacer spreads a long queue's posts; see pacer.ts).
          const outcome = await deliver(row, rows.length - i - 1, mark);
          tried++;
          if (outcome !== 'next') break drain;
        }
        if (whole) break;
        rows = null;
      }
    } catch (error) {
      ctx.log.error({ err: error, channel: keyOf(channel) }, 'outbox channel drain failed');
    }
    if (!lost) {
      await release({ platform: channel.platform, channel_id: channel.channel_id }).catch(
        (error) => {
          // The lease runs out by itself; until then the channel waits.
          ctx.log.warn({ err: error, channel: keyOf(channel) }, 'releasing an outbox lease failed');
        },
      );
    }
    return tried;
  }

  function startDrain(channel: ClaimedChannel): Promise<number> {
    const key = keyOf(channel);
    const running = drainChannel(channel).finally(() => {
      // A full worker looks for more work as soon as a slot frees up.
      if (active.size >= maxChannels) nudge?.();
      active.delete(key);
    });
    active.set(key, running);
    return running;
  }

  function claim(limit: number): Promise<ClaimedChannel[]> {
    return claimChannels(ctx.db, {
      owner,
      now: ctx.clock.now(),
      leaseMs,
      limit,
      platforms,
      heads: Math.min(perChannel, perLease),
    });
  }

  async function drainOnce(): Promise<number> {
    const channels = await claim(maxChannels - active.size);
    const results = await Promise.allSettled(channels.map(startDrain));
    return results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0);
  }

  async function pruneOnce(): Promise<number> {
    const cutoff = new Date(ctx.clock.now().getTime() - retentionDays * 86_400_000);
    let total = 0;
    for (let n = PRUNE_BATCH; n === PRUNE_BATCH && !stopping; total += n) {
      n = await pruneSent(ctx.db, cutoff, PRUNE_BATCH);
    }
    return total;
  }

  function wake() {
    woken = true;
    nudge?.();
  }

  async function run(): Promise<void> {
    while (!stopping) {
      woken = false;
      try {
        if (nowMs() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = nowMs();
          const pruned = await pruneOnce();
          if (pruned > 0) ctx.log.info({ pruned }, 'sent messages past retention deleted');
        }
        const want = Math.min(maxChannels - active.size, claimBatch);
        const claimAt = nowMs();
        const channels = want > 0 ? await claim(want) : [];
        ctx.log.debug(
          {
            want,
            claimed: channels.length,
            ms: Math.round(nowMs() - claimAt),
            active: active.size,
          },
          'outbox claim',
        );
        for (const channel of channels) startDrain(channel);
        // A full batch may leave more due: claim the next while these send.
        if (channels.length === want && active.size < maxChannels) woken = true;
      } catch (error) {
        ctx.log.error({ err: error }, 'outbox claim failed');
      }
      if (stopping) break;
      // Woken while claiming (a NOTIFY that came meanwhile): look again at once.
      if (woken) continue;
      // A full claim may leave more due: look again as soon as a channel frees its slot.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 500);
        nudge = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      nudge = null;
    }
    await Promise.allSettled(active.values());
  }

  function listen(): Promise<ChangeFeed | null> {
    if (!options.listen) return Promise.resolve(null);
    // Any notification, and every (re)connect (what came while down is lost): look now.
    return options
      .listen(OUTBOX_WAKE, { message: wake, up: wake, down: () => {} })
      .catch((error: unknown) => {
        ctx.log.warn({ err: error }, 'outbox LISTEN failed; the worker polls');
        return null;
      });
  }

  return {
    drainOnce,
    pacing,
    async runUntilIdle() {
      let total = 0;
      for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
      return total;
    },
    pruneOnce,
    wake,
    start() {
      if (loop) return;
      feed = listen();
      loop = run();
    },
    async stop() {
      stopping = true;
      nudge?.();
      await (await feed)?.stop();
      await loop;
      await Promise.allSettled(active.values());
    },
  };
}
