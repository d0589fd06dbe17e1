import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Logger } from '../log';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import {
  markFailed,
  markRetry,
  markSending,
  markSentMany,
  pendingInChannel,
  postOf,
  pruneSent,
} from '../store/outbox';
import { type Channel, claimChannels, releaseLease, renewLease } from '../store/outbox-leases';
import { withTimeout } from '../with-timeout';
import { retryDelayMs } from './backoff';
import { groupCommit } from './group-commit';
import { type CardPayload, parsePayload } from './message';
import { createPacer, type Pace } from './pacer';
import { parentRef } from './reply';
import { asDeliveryError, CannotLookUp, DeliveryError, type Sender, type Senders } from './sender';

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
  /** Rows read from a channel's head at a time. */
  perChannel?: number;
  /** Messages sent on one lease before the channel is handed back (fairness across replicas). */
  perLease?: number;
  /** One platform call may take this long before it counts as a failed try. */
  sendTimeoutMs?: number;
  /** Failed tries go on this long before a message gives up (settings.delivery.retryHours). */
  retryBudgetMs?: number;
  /** Sent messages are deleted after this many days (settings.retention.sentMessagesDays). */
  sentRetentionDays?: number;
  pollMs?: number;
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
/** Rows per bookkeeping statement, and such statements under way at once (of the pool's). */
const BATCH_ROWS = 500;
const BATCHES_IN_FLIGHT = 2;
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
  /** Stops claiming, lets each channel finish the message in hand, and hands leases back. */
  stop(): Promise<void>;
}

type Outcome = 'next' | 'halt' | 'stopped';

/** Thrown when the worker is stopping before a message goes: nothing was sent or spent. */
class Stopped extends Error {}
/** The lease ran out, or the row is no longer pending (another replica has it): not posted. */
class Taken extends Error {}
/** The sending mark could not be written: nothing was posted, no try is spent. */
class NotMarked extends Error {
  constructor(readonly error: unknown) {
    super('marking a message as sending failed');
  }
}

const permanentMessage = (error: unknown): string | null =>
  error instanceof DeliveryError && error.kind === 'permanent' ? error.message : null;

export function createOutboxWorker(ctx: OutboxDeps, options: WorkerOptions): OutboxWorker {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxChannels = options.maxChannels ?? 400;
  const perChannel = options.perChannel ?? 20;
  const perLease = options.perLease ?? 100;
  const sendTimeoutMs = options.sendTimeoutMs ?? 15_000;
  const budgetMs = options.retryBudgetMs ?? DEFAULT_SETTINGS.delivery.retryHours * 3_600_000;
  const retentionDays = options.sentRetentionDays ?? DEFAULT_SETTINGS.retention.sentMessagesDays;
  const random = options.random ?? Math.random;
  const nowMs = options.nowMs ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  const platforms = Object.keys(options.senders);
  // Unique per worker, so a lease names exactly one holder even with many in a process.
  const owner = `${options.instance}#${randomUUID().slice(0, 8)}`;
  const pacer = createPacer({ ...(options.pace ? { pace: options.pace } : {}), nowMs, sleep });
  const active = new Map<string, Promise<number>>();
  // Per channel: when the failing began for the last message that gave up on the budget.
  const gaveUp = new Map<string, Date>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let nudge: (() => void) | null = null;
  let lastPrune = Number.NEGATIVE_INFINITY;
  const batching = { maxBatch: BATCH_ROWS, maxInFlight: BATCHES_IN_FLIGHT };
  const writeSent = groupCommit(
    (sent: { id: number; messageRef: string }[]) => markSentMany(ctx.db, sent, ctx.clock.now()),
    batching,
  );
  // A post's flight: the send timeout, and a margin for the database and clocks.
  const holdMs = sendTimeoutMs + 5_000;
  const writeSending = groupCommit(
    (ids: number[]) => markSending(ctx.db, ids, owner, holdMs),
    batching,
  );
  // Why posts whose outcome is unknown are posted again without a look: said once, not per row.
  const cannotLook = new Set<string>();

  const keyOf = (c: Channel) => `${c.platform}:${c.channel_id}`;

  /** The platform call, bounded in time: a hung call must not hold the channel forever. */
  async function send(row: OutboxRow, payload: CardPayload): Promise<string> {
    const sender = options.senders[row.platform];
    if (!sender) throw new DeliveryError(`no sender for platform ${row.platform}`, 'permanent');
    const what = `${row.platform} (${payload.op})`;
    if (payload.op === 'update') {
      const post = await postOf(ctx.db, payload.of);
      if (!post || post.status === 'failed' || (post.status === 'sent' && !post.message_ref)) {
        throw new DeliveryError(
          `the message to update (${payload.of}) was never sent`,
          'permanent',
        );
      }
      if (post.status !== 'sent' || !post.message_ref) {
        throw new DeliveryError(
          `the message to update (${payload.of}) is not sent yet`,
          'transient',
        );
      }
      await withTimeout(sender.update(post.message_ref, payload.card), sendTimeoutMs, what);
      return post.message_ref;
    }
    // A thread reply is a post under its parent's ref, resolved now (see reply.ts).
    const parent = payload.op === 'reply' ? await parentRef(ctx.db, payload.of) : null;
    if (parent !== null && !sender.reply) {
      throw new DeliveryError(`${row.platform} cannot reply in a thread`, 'permanent');
    }
    await pacer.wait(row.platform, keyOf(row));
    if (stopping) throw new Stopped();
    // Said just before the post leaves (database clock), with the lease checked and stretched
    // over its flight: if this worker dies or times out with the post in flight, the next
    // holder of the channel (only after the flight is over) looks for it first.
    const marked = await writeSending(row.id).catch((error: unknown) => {
      throw new NotMarked(error);
    });
    if (!marked.has(row.id)) throw new Taken();
    const { messageRef } = await withTimeout(
      parent !== null && sender.reply
        ? sender.reply(parent, payload.card, { outboxId: row.id })
        : sender.post(row.channel_id, payload.card, { outboxId: row.id }),
      sendTimeoutMs,
      what,
    ).finally(() => pacer.answered(keyOf(row)));
    return messageRef;
  }

  /**
   * An earlier try of this post left its outcome unknown (the worker died, or the call timed
   * out): find out from the platform whether it landed. 'posted' when it did (now recorded),
   * 'absent' when it did not, or when the platform cannot tell (then it is posted again).
   */
  async function reconcile(row: OutboxRow, payload: CardPayload, sender: Sender, since: Date) {
    const tag = { outboxId: row.id };
    let look: (() => Promise<{ messageRef: string } | null>) | null = null;
    if (payload.op === 'post' && sender.findPost) {
      const findPost = sender.findPost.bind(sender);
      look = () => findPost(row.channel_id, tag, since);
    } else if (payload.op === 'reply' && sender.findReply) {
      // A reply is looked for in its parent's thread: the channel's history holds no replies.
      const findReply = sender.findReply.bind(sender);
      const parent = await parentRef(ctx.db, payload.of);
      look = () => findReply(parent, tag, since);
    }
    if (!look) return 'absent' as const;
    let found: { messageRef: string } | null;
    try {
      found = await withTimeout(look(), sendTimeoutMs, `${row.platform} (look-up)`);
    } catch (error) {
      // A refusal that a retry will not change: post again rather than wait forever.
      const refused = error instanceof CannotLookUp ? error.reason : permanentMessage(error);
      if (refused === null) throw error;
      if (!cannotLook.has(`${row.platform}:${refused}`)) {
        cannotLook.add(`${row.platform}:${refused}`);
        ctx.log.warn(
          { platform: row.platform, reason: refused },
          'cannot look for posts whose outcome is unknown; such a post is sent again (it may show twice)',
        );
      }
      return 'absent' as const;
    }
    if (!found) return 'absent' as const;
    await recordSent(row, found.messageRef);
    ctx.log.info({ id: row.id }, 'outbox post found on the platform after an unknown outcome');
    return 'posted' as const;
  }

  /**
   * Records a send that happened. It is retried until the database takes it, because a
   * failure here must never become a second send; while stopping it gives up after a few
   * tries and says which message may go twice.
   */
  async function recordSent(row: OutboxRow, ref: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await writeSent({ id: row.id, messageRef: ref });
        gaveUp.delete(keyOf(row));
        return;
      } catch (error) {
        if (stopping && attempt >= 5) {
          ctx.log.error(
            { err: error, id: row.id },
            'a sent message could not be recorded; another replica may send it again',
          );
          throw error;
        }
        if (attempt === 1) {
          ctx.log.warn({ err: error, id: row.id }, 'recording a sent message failed; retrying');
        }
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** `unknownBefore`: an earlier try's outcome is still unknown, whatever this one says. */
  async function onFailure(row: OutboxRow, raw: unknown, unknownBefore = false): Promise<Outcome> {
    const error = asDeliveryError(raw);
    const maybeSent = unknownBefore || error.maybeSent;
    const reason = `${error.kind}: ${error.message}`;
    const now = ctx.clock.now();
    if (error.kind === 'permanent') {
      await markFailed(ctx.db, row.id, `${reason} (after ${row.attempts + 1} tries)`);
      ctx.log.warn({ id: row.id, reason }, 'outbox message failed');
      // Only this message is lost to the channel: the ones behind it go on.
      return 'next';
    }
    if (error.kind === 'rate_limited') {
      // A 429 is the platform pacing us: wait what it asks, and do not spend the budget.
      const delay = retryDelayMs(row.attempts + 1, error.retryAfterMs, random());
      await markRetry(ctx.db, row.id, {
        at: new Date(now.getTime() + delay),
        error: reason,
        failingSince: row.failing_since,
        maybeSent,
      });
      pacer.hold(keyOf(row), delay);
      return 'halt';
    }
    // A message stuck behind a head that gave up has waited through the same outage: it
    // counts from when that began (or from when it joined the queue, if later), so a long
    // outage does not cost one more budget per message in the channel.
    const behind = gaveUp.get(keyOf(row));
    const since =
      row.failing_since ??
      (behind ? new Date(Math.max(behind.getTime(), row.ready_at.getTime())) : now);
    if (now.getTime() - since.getTime() >= budgetMs) {
      gaveUp.set(keyOf(row), since);
      const hours = Math.round((budgetMs / 3_600_000) * 10) / 10;
      await markFailed(
        ctx.db,
        row.id,
        `${reason} (gave up after ${hours} h of failed tries, ${row.attempts + 1} tries)`,
      );
      ctx.log.warn({ id: row.id, reason }, 'outbox message gave up');
      return 'next';
    }
    const delay = retryDelayMs(row.attempts + 1, undefined, random());
    await markRetry(ctx.db, row.id, {
      at: new Date(now.getTime() + delay),
      error: reason,
      failingSince: since,
      maybeSent,
    });
    // The head waits, and so does everything behind it: a channel's messages stay in order.
    return 'halt';
  }

  async function deliver(row: OutboxRow): Promise<Outcome> {
    let payload: CardPayload;
    try {
      payload = parsePayload(row.payload);
    } catch (error) {
      // A stored payload that does not parse will not parse on the next try either.
      const why = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 300) : '';
      await markFailed(ctx.db, row.id, `permanent: malformed payload: ${why}`);
      ctx.log.warn({ id: row.id }, 'outbox message has a malformed payload');
      return 'next';
    }
    const sender = options.senders[row.platform];
    if (payload.op !== 'update' && row.sending_since && sender) {
      try {
        if ((await reconcile(row, payload, sender, row.sending_since)) === 'posted') return 'next';
      } catch (error) {
        return onFailure(row, error, true);
      }
    }
    let ref: string;
    try {
      ref = await send(row, payload);
    } catch (error) {
      if (error instanceof Stopped) return 'stopped';
      if (error instanceof NotMarked) {
        ctx.log.warn(
          { err: error.error, id: row.id },
          'marking an outbox message as sending failed',
        );
        return 'halt';
      }
      if (error instanceof Taken) {
        ctx.log.warn({ id: row.id }, 'outbox lease ran out before a post; channel handed on');
        return 'halt';
      }
      return onFailure(row, error);
    }
    await recordSent(row, ref);
    return 'next';
  }

  /** Sends a leased channel's due messages in order; returns how many it tried. */
  async function drainChannel(channel: Channel): Promise<number> {
    let tried = 0;
    let renewedAt = nowMs();
    let lost = false;
    try {
      drain: while (!stopping && tried < perLease) {
        const rows = await pendingInChannel(
          ctx.db,
          channel,
          ctx.clock.now(),
          Math.min(perChannel, perLease - tried),
        );
        if (rows.length === 0) break;
        // A short read was the whole queue: a message enqueued meanwhile moves the channel's
        // due time up, and releasing the lease hands it to the next claim.
        const whole = rows.length < Math.min(perChannel, perLease - tried);
        for (const row of rows) {
          if (stopping || row.next_attempt_at.getTime() > ctx.clock.now().getTime()) break drain;
          if (nowMs() - renewedAt > leaseMs / 3) {
            if (!(await renewLease(ctx.db, owner, channel, leaseMs))) {
              lost = true;
              ctx.log.warn({ channel: keyOf(channel) }, 'outbox lease ran out; channel handed on');
              break drain;
            }
            renewedAt = nowMs();
          }
          const outcome = await deliver(row);
          tried++;
          if (outcome !== 'next') break drain;
        }
        if (whole) break;
      }
    } catch (error) {
      ctx.log.error({ err: error, channel: keyOf(channel) }, 'outbox channel drain failed');
    }
    if (!lost) {
      await releaseLease(ctx.db, owner, channel, ctx.clock.now()).catch((error) => {
        // The lease runs out by itself; until then the channel waits.
        ctx.log.warn({ err: error, channel: keyOf(channel) }, 'releasing an outbox lease failed');
      });
    }
    return tried;
  }

  function startDrain(channel: Channel): Promise<number> {
    const key = keyOf(channel);
    const running = drainChannel(channel).finally(() => {
      // A full worker looks for more work as soon as a slot frees up.
      if (active.size >= maxChannels) nudge?.();
      active.delete(key);
    });
    active.set(key, running);
    return running;
  }

  async function claim(limit: number): Promise<Channel[]> {
    return claimChannels(ctx.db, {
      owner,
      now: ctx.clock.now(),
      leaseMs,
      limit,
      platforms,
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

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        if (nowMs() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = nowMs();
          const pruned = await pruneOnce();
          if (pruned > 0) ctx.log.info({ pruned }, 'sent messages past retention deleted');
        }
        const room = maxChannels - active.size;
        const channels = room > 0 ? await claim(room) : [];
        for (const channel of channels) startDrain(channel);
      } catch (error) {
        ctx.log.error({ err: error }, 'outbox claim failed');
      }
      if (stopping) break;
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

  return {
    drainOnce,
    async runUntilIdle() {
      let total = 0;
      for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
      return total;
    },
    pruneOnce,
    start() {
      if (!loop) loop = run();
    },
    async stop() {
      stopping = true;
      nudge?.();
      await loop;
      await Promise.allSettled(active.values());
    },
  };
}
