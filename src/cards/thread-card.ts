import type { Locale } from '../domain/locale';
import { type Card, type CardBlock, rich } from './model';

/**
 * A short reply in an alert's thread (Slack) or reply chain (Teams): one line per change, no
 * header (a card without a title renders none) and no buttons; the card above is the headline.
 * Names are plain text: a reply never @mentions anyone, least of all who acted.
 */
export function threadReplyCard(lines: string[], locale?: Locale): Card {
  const blocks: CardBlock[] = lines.map((line) => ({ type: 'text', text: rich(line) }));
  return { title: '', fallback: lines.join(' · '), blocks, ...(locale ? { locale } : {}) };
}

/** The lines a reply card holds (to add one more while it is held back). */
export function threadReplyLines(card: Card): string[] {
  return card.blocks.flatMap((b) =>
    b.type === 'text' ? [b.text.map((s) => s.text).join('')] : [],
  );
}

/** A display name as a thread shows it: "@Ann Example" → "Ann Example" (never a mention). */
export function unmentioned(text: string): string {
  return text.replace(/(^|[\s(])@(?=\S)/g, '$1');
}
