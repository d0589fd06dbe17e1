import type { DB } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Logger } from '../log';
import { markSending, postOf } from '../store/outbox';
import { withTimeout } from '../with-timeout';
import { groupCommit } from './group-commit';
import { createLookUp } from './look-up';
import type { CardPayload } from './message';
import type { Pacer } from './pacer';
import { parentRef } from './reply';
import type { SendGate } from './send-gate';
import { asDeliveryError, DeliveryError, type Sender, type Senders } from './sender';

// One try of one message on its platform: the pacer's turn, a send slot, the look for an
// earlier try's post, the sending mark and the timed call. What its outcome means for the row
// (recorded, retried, failed) is deliver.ts's.

/** Thrown when the worker is stopping before a message goes: nothing was sent or spent. */
export class Stopped extends Error {}
/** The lease ran out, or the row is no longer pending (another replica has it): not posted. */
export class Taken extends Error {}
/** The look-up for an earlier try's post failed (transient): nothing was posted. */
export class LookUpFailed extends Error {
  constructor(readonly error: unknown) {
    super('looking for an earlier post failed');
  }
}
/** The sending mark could not be written: nothing was posted, no try is spent. */
export class NotMarked extends Error {
  constructor(readonly error: unknown) {
    super('marking a message as sending failed');
  }
}

/** Sending marks: rows per statement, and such statements under way at once (of the pool's). */
const MARKING = { maxBatch: 500, maxInFlight: 2 };

export interface PlatformCallDeps {
  db: DB;
  log: Logger;
  senders: Senders;
  /** The lease holder's name: a post goes only while this owner holds its channel. */
  owner: string;
  sendTimeoutMs: number;
  nowMs: () => number;
  stopping: () => boolean;
  pacer: Pacer;
  gate: SendGate;
}

/** A channel's key in the pacer and in a worker's maps. */
export const keyOf = (row: OutboxRow) => `${row.platform}:${row.channel_id}`;

/** The one try of a message (`send`), for createDelivery. */
export function createPlatformCall(d: PlatformCallDeps) {
  const { pacer, gate } = d;
  const lookUp = createLookUp(d);
  // A post's flight: the send timeout, and a margin for the database and clocks.
  const holdMs = d.sendTimeoutMs + 5_000;
  const writeSending = groupCommit(
    (ids: number[]) => markSending(d.db, ids, d.owner, holdMs),
    MARKING,
  );

  /**
   * The platform call, bounded in time (a hung call must not hold the channel forever), made
   * once the pacer and then the gate let it through (the gate ranks by the pacer's deadline).
   * `unknownSince`: an earlier try of this post may have landed (marked sending then); it is
   * looked for first. `found`: it had, and nothing was posted now.
   */
  async function send(
    row: OutboxRow,
    payload: CardPayload,
    behind: number,
    unknownSince: Date | null,
  ): Promise<{ ref: string; found?: true }> {
    const sender = d.senders[row.platform];
    if (!sender) throw new DeliveryError(`no sender for platform ${row.platform}`, 'permanent');
    const what = `${row.platform} (${payload.op})`;
    if (payload.op === 'update') {
      const post = await postOf(d.db, payload.of);
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
      const ref = post.message_ref;
      // Not paced: due now, after every channel that has not posted yet.
      const leave = await gate.enter(d.nowMs());
      try {
        if (d.stopping()) throw new Stopped();
        await withTimeout(sender.update(ref, payload.card), d.sendTimeoutMs, what);
      } finally {
        leave();
      }
      return { ref };
    }
    // A thread reply is a post under its parent's ref, resolved now (see reply.ts).
    const parent = payload.op === 'reply' ? await parentRef(d.db, payload.of) : null;
    if (parent !== null && !sender.reply) {
      throw new DeliveryError(`${row.platform} cannot reply in a thread`, 'permanent');
    }
    const due = await pacer.ready(row.platform, keyOf(row), behind);
    // Whatever ends this try before the post leaves (a stop, a found post, a failed mark),
    // the channel's bucket must not stay asked for: the pacer would never sweep it.
    try {
      return await slotAndPost(row, payload, sender, parent, what, due, unknownSince);
    } finally {
      pacer.forgo(keyOf(row));
    }
  }

  async function slotAndPost(
    row: OutboxRow,
    payload: CardPayload,
    sender: Sender,
    parent: string | null,
    what: string,
    due: number,
    unknownSince: Date | null,
  ): Promise<{ ref: string; found?: true }> {
    if (d.stopping()) throw new Stopped();
    // After the pacer, so a slot is never held through a pacing wait. Earliest deadline first:
    // under load the slots go to channels whose buckets would otherwise sit full (first posts
    // above all), and spare ones to the rest. The token is taken only as the post leaves
    // (markAndPost): a token is there by now, and only this message can spend it.
    const leave = await gate.enter(due);
    try {
      // The look for an earlier try's post goes here, after the pacing and the gate, right
      // before the post it may replace: a post that lands late (Slack took it after the call
      // timed out) is then missed only if it lands in the moment between this look and the
      // post, not during a wait for a token or a slot (seconds on a busy worker).
      if (unknownSince !== null) {
        if (d.stopping()) throw new Stopped();
        const found = await lookUp(row, payload, sender, unknownSince).catch((error: unknown) => {
          throw new LookUpFailed(error);
        });
        if (found !== null) return { ref: found, found: true };
      }
      return { ref: await markAndPost(row, payload, sender, parent, what) };
    } finally {
      leave();
    }
  }

  async function markAndPost(
    row: OutboxRow,
    payload: CardPayload,
    sender: Sender,
    parent: string | null,
    what: string,
  ): Promise<string> {
    if (d.stopping()) throw new Stopped();
    // Said just before the post leaves (database clock), with the lease checked and stretched
    // over its flight: if this worker dies or times out with the post in flight, the next
    // holder of the channel (only after the flight is over) looks for it first.
    const marked = await writeSending(row.id).catch((error: unknown) => {
      throw new NotMarked(error);
    });
    if (!marked.has(row.id)) throw new Taken();
    pacer.take(keyOf(row));
    try {
      const { messageRef } = await withTimeout(
        parent !== null && sender.reply
          ? sender.reply(parent, payload.card, { outboxId: row.id })
          : sender.post(row.channel_id, payload.card, { outboxId: row.id }),
        d.sendTimeoutMs,
        what,
      );
      pacer.answered(keyOf(row));
      return messageRef;
    } catch (error) {
      pacer.answered(keyOf(row), asDeliveryError(error).maybeSent ? 'unknown' : 'answered');
      throw error;
    }
  }

  return { send };
}
