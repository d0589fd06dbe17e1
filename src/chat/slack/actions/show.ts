import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clip, renderBlocks, renderMessage } from '../../../cards/block-kit';
import type { Card } from '../../../cards/model';
import { withoutShare } from '../../../cards/shared-copy';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Where the click came from: a message (ephemeral or not) or a view (Home tab, modal). */
export function isFromView(args: ButtonArgs): boolean {
  return args.body.container?.type === 'view' || (!args.body.response_url && !!args.body.view);
}

/**
 * A card as a modal: how a click on the Home tab shows its answer. A view has no channel, so
 * the modal has no "Share in channel".
 */
export function cardModal(shown: Card) {
  const card = withoutShare(shown);
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: clip(card.title, 24) },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: renderBlocks(card, { surface: 'view' }) as never[],
  };
}

/**
 * Shows a card in answer to a click: through the message's response_url (replacing the
 * message, or as a new private message), or as a modal when the click came from a view.
 */
export async function showCard(args: ButtonArgs, card: Card, replace: boolean): Promise<void> {
  if (args.body.response_url) {
    await args.respond({
      response_type: 'ephemeral',
      replace_original: replace,
      ...renderMessage(card),
    } as never);
    return;
  }
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: cardModal(card) });
}
