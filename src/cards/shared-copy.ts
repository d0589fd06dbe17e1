import { ACTIONS } from './actions';
import { t } from './i18n/t';
import { type ActionElement, button, type Card } from './model';

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

export interface SharedBy {
  /** Who shared (or refreshed) it, as shown. */
  by: string;
  /** When its figures were taken, already formatted (formatTaken). */
  taken: string;
  /** The account, for the Refresh button. */
  accountId: number;
  refreshed?: boolean;
}

/**
 * The shared copy of a card: no Share button (it is shared already), who shared it and when
 * its figures were taken, and Refresh, so a card read days later can be brought up to date.
 */
export function sharedCopy(card: Card, s: SharedBy): Card {
  const blocks = withoutShare(card).blocks;
  const locale = card.locale ?? 'en';
  const who = t(locale, s.refreshed ? 'shared.refreshedBy' : 'shared.by', {
    by: s.by,
    taken: s.taken,
  });
  return {
    ...card,
    fallback: t(locale, 'shared.fallback', { by: s.by, fallback: card.fallback }),
    blocks: [
      ...blocks,
      { type: 'context', text: [{ text: who }] },
      {
        type: 'actions',
        elements: [
          button(t(locale, 'shared.refresh'), ACTIONS.refreshCard, { accountId: s.accountId }),
        ],
      },
    ],
  };
}
