import type { DB } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Logger } from '../log';
import { withTimeout } from '../with-timeout';
import type { CardPayload } from './message';
import { parentRef } from './reply';
import { CannotLookUp, DeliveryError, type Sender } from './sender';

export interface LookUpDeps {
  db: DB;
  log: Logger;
  sendTimeoutMs: number;
}

/**
 * The step before posting again when an earlier try's outcome is unknown (the worker died, or
 * the call timed out with the post maybe taken): ask the platform whether it landed.
 * The post's ref when it did (the caller records it), null when it did not, or when the
 * platform cannot tell (then it is posted again, and the log says why once per platform and
 * reason). The caller makes it right before the post it may replace, with nothing to wait for
 * in between: a post that lands late is missed only if it lands after this look.
 * A transient failure of the look-up itself is thrown, and retried like a failed send.
 */
export function createLookUp(deps: LookUpDeps) {
  // Why posts whose outcome is unknown are posted again without a look: said once, not per row.
  const cannotLook = new Set<string>();

  return async function lookUp(
    row: OutboxRow,
    payload: CardPayload,
    sender: Sender,
    since: Date,
  ): Promise<string | null> {
    const tag = { outboxId: row.id };
    let look: (() => Promise<{ messageRef: string } | null>) | null = null;
    if (payload.op === 'post' && sender.findPost) {
      const findPost = sender.findPost.bind(sender);
      look = () => findPost(row.channel_id, tag, since);
    } else if (payload.op === 'reply' && sender.findReply) {
      // A reply is looked for in its parent's thread: the channel's history holds no replies.
      const findReply = sender.findReply.bind(sender);
      const parent = await parentRef(deps.db, payload.of);
      look = () => findReply(parent, tag, since);
    }
    if (!look) return null;
    let found: { messageRef: string } | null;
    try {
      found = await withTimeout(look(), deps.sendTimeoutMs, `${row.platform} (look-up)`);
    } catch (error) {
      // A refusal that a retry will not change: post again rather than wait forever.
      const refused =
        error instanceof CannotLookUp
          ? error.reason
          : error instanceof DeliveryError && error.kind === 'permanent'
            ? error.message
            : null;
      if (refused === null) throw error;
      if (!cannotLook.has(`${row.platform}:${refused}`)) {
        cannotLook.add(`${row.platform}:${refused}`);
        deps.log.warn(
          { platform: row.platform, reason: refused },
          'cannot look for posts whose outcome is unknown; such a post is sent again (it may show twice)',
        );
      }
      return null;
    }
    if (!found) return null;
    deps.log.info({ id: row.id }, 'outbox post found on the platform after an unknown outcome');
    return found.messageRef;
  };
}
