import { ACTIONS } from './actions';
import type { Card } from './model';

/** The shared copy of a card says who shared it and has no Share button (it is shared already). */
export function sharedCopy(card: Card, by: string): Card {
  const blocks = card.blocks
    .map((b) =>
      b.type === 'actions'
        ? { ...b, elements: b.elements.filter((e) => e.actionId !== ACTIONS.shareCard) }
        : b,
    )
    .filter((b) => b.type !== 'actions' || b.elements.length > 0);
  return {
    ...card,
    fallback: `${by} shared: ${card.fallback}`,
    blocks: [...blocks, { type: 'context', text: [{ text: `Shared by ${by}` }] }],
  };
}
