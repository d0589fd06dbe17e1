import { clip, exact, LIMITS, renderBlock } from './block-kit';
import { t } from './i18n/t';
import { type Card, CardRenderError } from './model';

const text = (value: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(value || ' ', max),
  emoji: true,
});

/**
 * A card with a form as a Slack modal (views.open). The card's submit becomes the modal's
 * Save: its verb is the callback_id the submission is routed by, its value the
 * private_metadata handed back with it. The title is the modal's own (24 characters), so no
 * header block; every input's id is both its block_id and its action_id.
 */
export function renderModal(card: Card) {
  if (!card.submit) throw new Error(`renderModal: card "${card.title}" has no submit`);
  const locale = card.locale ?? 'en';
  const blocks = card.blocks.flatMap((b) => renderBlock(b, locale));
  if (blocks.length > LIMITS.viewBlocks) {
    throw new CardRenderError('slack', 'modal blocks', LIMITS.viewBlocks, blocks.length);
  }
  return {
    type: 'modal' as const,
    callback_id: exact('callback_id', card.submit.actionId, LIMITS.actionId),
    private_metadata: exact('private_metadata', card.submit.value, LIMITS.privateMetadata),
    title: text(card.title, LIMITS.viewTitle),
    submit: text(card.submit.label, LIMITS.viewTitle),
    close: text(t(locale, 'card.cancel'), LIMITS.viewTitle),
    blocks,
  };
}
