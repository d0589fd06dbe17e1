import { ACTIONS } from './actions';
import type { ActionElement, Card } from './model';

/** The card without the buttons `drop` picks; an actions row left empty goes too. */
export function withoutButtons(card: Card, drop: (e: ActionElement) => boolean): Card {
  const blocks = card.blocks
    .map((b) => (b.type === 'actions' ? { ...b, elements: b.elements.filter((e) => !drop(e)) } : b))
    .filter((b) => b.type !== 'actions' || b.elements.length > 0);
  return { ...card, blocks };
}

/**
 * The card without "Share in channel": for surfaces that have no channel to share into (a
 * Slack modal or Home tab, a Teams personal chat the card was not asked for from a channel).
 */
export function withoutShare(card: Card): Card {
  return withoutButtons(card, (e) => e.actionId === ACTIONS.shareCard);
}

/** The shared copy of a card says who shared it and has no Share button (it is shared already). */
export function sharedCopy(card: Card, by: string): Card {
  const blocks = withoutShare(card).blocks;
  return {
    ...card,
    fallback: `${by} shared: ${card.fallback}`,
    blocks: [...blocks, { type: 'context', text: [{ text: `Shared by ${by}` }] }],
  };
}
