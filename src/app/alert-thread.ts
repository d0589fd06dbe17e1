import type { Card } from '../cards/model';
import { threadReplyCard, threadReplyLines, unmentioned } from '../cards/thread-card';
import type { Db } from '../db/schema';
import { type Locale, normalizeLocale } from '../domain/locale';
import { allChannelLanguages } from '../store/channel-languages';
import { enqueue, postsOfAlert } from '../store/outbox';
import type { NewMessage, OutboxPayload } from '../store/outbox-message';
import { heldReply, rewriteHeld } from '../store/thread-replies';
import { alertKey } from './alerts';

/** Outbox kind of a reply in an alert's thread. */
export const THREAD_KIND = 'alert-thread';
/** State changes within this long of the first one share one reply. */
export const COLLAPSE_MS = 60_000;
/** A held reply this close to going out is left alone (another replica may be sending it). */
const SAFETY_MS = 5_000;

/**
 * Rewrites every post of an alert in place (channel posts, DMs, escalation copies).
 * `tag` makes the dedupe key (an event id, a joined signal); `card(escalated)` draws the card.
 */
export async function rewritePosts(
  db: Db,
  alert: { id: number; account_id: number },
  card: (escalated: boolean, locale: Locale | undefined) => Card,
  tag: string,
  now: Date,
): Promise<number> {
  const posts = (await postsOfAlert(db, alert.id)).filter((p) => p.status !== 'failed');
  // Each post in its channel's language (undefined: the settings' default).
  const languages = await allChannelLanguages(db);
  const localeOf = (p: { platform: string; channel_id: string }) =>
    normalizeLocale(languages.get(`${p.platform}\n${p.channel_id}`)) ?? undefined;
  const messages: NewMessage<Card>[] = posts.map((p) => ({
    platform: p.platform,
    channelId: p.channel_id,
    // Keyed by the post, not the channel: the alert post and its escalation copy may share a
    // channel, and each needs its own rewrite.
    dedupeKey: `${alertKey(alert.id)}update:${tag}:${p.id}`,
    payload: {
      op: 'update',
      kind: 'alert',
      of: p.dedupe_key,
      card: card(p.kind === 'escalation', localeOf(p)),
    },
    accountId: alert.account_id,
    alertId: alert.id,
  }));
  return enqueue(db, messages, now);
}

export interface ThreadLine {
  /** What the reply says; @names are written without the @. */
  text: string;
  /**
   * The same in the language of the channel the reply goes to (undefined: the settings'
   * default); replaces `text` where given.
   */
  say?: (locale: Locale | undefined) => string;
  /** Part of the request's key: the same change twice is one reply. */
  tag: string;
  /**
   * 'collapse': held back a minute, and changes within it join the same reply (state changes);
   * 'now': a reply of its own at once (notes, new signals).
   */
  mode: 'collapse' | 'now';
}

/**
 * One short reply under each card of the alert (its channel posts and DMs, not escalation
 * copies, whose channel has the story elsewhere). Goes through the outbox like the card: the
 * parent's ts / activity id is resolved when the reply is sent.
 */
export async function replyInThread(
  db: Db,
  alert: { id: number; account_id: number },
  lines: ThreadLine[],
  now: Date,
): Promise<number> {
  if (lines.length === 0) return 0;
  const parents = (await postsOfAlert(db, alert.id)).filter(
    (p) => p.kind === 'alert' && p.status !== 'failed',
  );
  // Each thread in its channel's language, where a line can say it in more than one.
  const languages = lines.some((l) => l.say) ? await allChannelLanguages(db) : new Map();
  const textsIn = (p: { platform: string; channel_id: string }) => {
    const locale = normalizeLocale(languages.get(`${p.platform}\n${p.channel_id}`)) ?? undefined;
    return lines.map((l) => unmentioned(l.say ? l.say(locale) : l.text));
  };
  const tag = lines.map((l) => l.tag).join('+');
  const collapse = lines.every((l) => l.mode === 'collapse');
  const out: NewMessage<Card>[] = [];
  for (const p of parents) {
    const texts = textsIn(p);
    if (collapse) {
      const held = await heldReply(
        db,
        alert.id,
        p.dedupe_key,
        THREAD_KIND,
        new Date(now.getTime() + SAFETY_MS),
      );
      if (held) {
        const payload = held.payload as OutboxPayload<Card>;
        const card = threadReplyCard([...threadReplyLines(payload.card), ...texts]);
        if (await rewriteHeld(db, held.id, { ...payload, card })) continue;
      }
    }
    out.push({
      platform: p.platform,
      channelId: p.channel_id,
      dedupeKey: `${alertKey(alert.id)}reply:${tag}:${p.id}`,
      payload: { op: 'reply', kind: THREAD_KIND, of: p.dedupe_key, card: threadReplyCard(texts) },
      accountId: alert.account_id,
      alertId: alert.id,
      ...(collapse ? { notBefore: new Date(now.getTime() + COLLAPSE_MS) } : {}),
    });
  }
  return enqueue(db, out, now);
}
