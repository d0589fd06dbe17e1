import type { AppContext } from '../app/context';
import type { OutboxRow } from '../db/tables/operations';
import {
  claimDue,
  deferChannel,
  markFailed,
  markRetry,
  markSent,
  messageRefOf,
  release,
} from '../store/outbox';
import { type Bucket, retryDelayMs, takeToken } from './backoff';
import { parsePayload } from './message';
import { asDeliveryError, type Senders } from './sender';

export interface Pace {
  /** Messages per second per channel. */
  rate: number;
  burst: number;
}

export interface WorkerOptions {
  instance: string;
  senders: Senders;
  leaseMs?: number;
  batch?: number;
  perChannel?: number;
  maxAttempts?: number;
  pollMs?: number;
  /** Per platform; Slack's chat.postMessage allows about 1 a second per channel, in bursts. */
  pace?: Record<string, Pace>;
  random?: () => number;
  /** Real time for pacing (the clock in ctx may be fixed in tests). */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PACE: Pace = { rate: 1, burst: 3 };
/**
 * Each platform's own per-conversation limit: Slack about 1 message a second in short bursts;
 * Teams 1,800 an hour (0.5 a second sustained) with bursts of up to 7 a second.
 */
export const PLATFORM_PACE: Record<string, Pace> = {
  slack: DEFAULT_PACE,
  teams: { rate: 0.5, burst: 7 },
};
const PACE_MARGIN_MS = 5;
const ARRIVAL_CAP_MS = 30;
const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface OutboxWorker {
  /** One claim and the sends it leads to; returns how many rows were claimed. */
  drainOnce(): Promise<number>;
  /** Drains until a claim comes back empty (rows waiting for a later retry stay pending). */
  runUntilIdle(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxWorker(ctx: AppContext, options: WorkerOptions): OutboxWorker {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const random = options.random ?? Math.random;
  const nowMs = options.nowMs ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  const buckets = new Map<string, Bucket>();
  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function pace(row: OutboxRow): Promise<void> {
    const p = options.pace?.[row.platform] ?? PLATFORM_PACE[row.platform] ?? DEFAULT_PACE;
    const key = `${row.platform}:${row.channel_id}`;
    const { waitMs, bucket } = takeToken(buckets.get(key), nowMs(), p.rate, p.burst);
    buckets.set(key, bucket);
    // A little slack: requests arrive with jitter, and one early arrival costs a 429.
    if (waitMs > 0) {
      await sleep(waitMs + PACE_MARGIN_MS);
      // Count from when the message really goes, so the margin is not absorbed.
      buckets.set(key, { tokens: 0, at: nowMs() });
    }
  }

  /**
   * Sends one row. 'halt' stops the channel for now: after a 429 or a failed try the rows
   * behind it wait too, so a channel's messages arrive in order.
   */
  async function deliver(row: OutboxRow): Promise<'ok' | 'halt' | 'stopped'> {
    const sender = options.senders[row.platform];
    try {
      if (!sender) throw new Error(`no sender for platform ${row.platform}`);
      const payload = parsePayload(row.payload);
      if (payload.op === 'post') {
        await pace(row);
        if (stopping) return 'stopped';
        const sentAt = nowMs();
        const { messageRef } = await sender.post(row.channel_id, payload.card).finally(() => {
          // The platform counts from when the request arrives: somewhere between sending and
          // the answer. Refill from (nearly) the answer, so a slow request (a new connection)
          // cannot make the next one early; capped so a slow event loop costs little rate.
          const key = `${row.platform}:${row.channel_id}`;
          const b = buckets.get(key);
          const arrived = Math.min(nowMs(), sentAt + ARRIVAL_CAP_MS);
          if (b) buckets.set(key, { tokens: b.tokens, at: Math.max(b.at, arrived) });
        });
        await markSent(ctx.db, row.id, messageRef, ctx.clock.now());
      } else {
        const ref = await messageRefOf(ctx.db, payload.of);
        if (!ref) throw new Error(`the message to update (${payload.of}) is not sent yet`);
        await sender.update(ref, payload.card);
        await markSent(ctx.db, row.id, ref, ctx.clock.now());
      }
      return 'ok';
    } catch (raw) {
      const error = asDeliveryError(raw);
      const reason = `${error.kind}: ${error.message}`;
      const now = ctx.clock.now();
      if (error.kind === 'permanent' || row.attempts >= maxAttempts) {
        await markFailed(ctx.db, row.id, `${reason} (after ${row.attempts} attempts)`);
        ctx.log.warn({ id: row.id, reason }, 'outbox message failed');
        return 'ok';
      }
      const delay = retryDelayMs(row.attempts, error.retryAfterMs, random());
      const at = new Date(now.getTime() + delay);
      await markRetry(ctx.db, row.id, at, reason);
      await deferChannel(ctx.db, row.platform, row.channel_id, at);
      if (error.kind === 'rate_limited') {
        buckets.set(`${row.platform}:${row.channel_id}`, { tokens: 0, at: nowMs() + delay });
      }
      return 'halt';
    }
  }

  async function drainChannel(rows: OutboxRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      const outcome = stopping ? 'stopped' : await deliver(rows[i] as OutboxRow);
      if (outcome !== 'ok') {
        // Hand the rest back at once rather than waiting for the lease to run out.
        await release(
          ctx.db,
          rows.slice(outcome === 'stopped' ? i : i + 1).map((r) => r.id),
        );
        return;
      }
    }
  }

  async function drainOnce(): Promise<number> {
    const rows = await claimDue(ctx.db, {
      instance: options.instance,
      now: ctx.clock.now(),
      leaseMs,
      limit: options.batch ?? 200,
      perChannel: options.perChannel ?? 10,
      platforms: Object.keys(options.senders),
    });
    const byChannel = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = `${row.platform}:${row.channel_id}`;
      byChannel.set(key, [...(byChannel.get(key) ?? []), row]);
    }
    await Promise.all([...byChannel.values()].map(drainChannel));
    return rows.length;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await drainOnce();
      } catch (error) {
        ctx.log.error({ err: error }, 'outbox worker pass failed');
      }
      if (claimed === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.pollMs ?? 500);
        });
        wake = null;
      }
    }
  }

  return {
    drainOnce,
    async runUntilIdle() {
      let total = 0;
      for (let n = await drainOnce(); n > 0; n = await drainOnce()) total += n;
      return total;
    },
    start() {
      if (!loop) loop = run();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
