import type { Db } from '../db/schema';
import { postOf } from '../store/outbox';
import { DeliveryError } from './sender';

/**
 * The platform ref of the post a reply or update goes under, resolved at send time: the
 * parent's Slack ts or Teams activity id exists only once the parent was sent. A parent that
 * never went (failed, or sent without a ref) fails the message; one still waiting in the
 * queue makes it wait too (transient), so a reply never lands before its parent.
 */
export async function parentRef(db: Db, of: string): Promise<string> {
  const post = await postOf(db, of);
  if (!post || post.status === 'failed' || (post.status === 'sent' && !post.message_ref)) {
    throw new DeliveryError(`the message to answer (${of}) was never sent`, 'permanent');
  }
  if (post.status !== 'sent' || !post.message_ref) {
    throw new DeliveryError(`the message to answer (${of}) is not sent yet`, 'transient');
  }
  return post.message_ref;
}
