import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { clip, renderBlocks, renderMessage } from '../../../cards/block-kit';
import { renderModal } from '../../../cards/block-kit-modal';
import { type MessageKey, t } from '../../../cards/i18n/t';
import type { Card } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { withoutShare } from '../../../cards/shared-copy';
import type { Locale } from '../../../domain/locale';
import type { SlackDeps } from '../deps';
import { clickerLocale } from './clicker-locale';

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
    close: { type: 'plain_text' as const, text: t(card.locale ?? 'en', 'click.close') },
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

/** Opens a form (a card with inputs and a submit) as a modal; the click's trigger_id lives 3 s. */
export async function openForm(args: ButtonArgs, form: Card): Promise<void> {
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: renderModal(form) as never,
  });
}

/** A use case's answer to "open the form": the form, or why not, said privately under `title`. */
export async function openFormOrSay(
  args: ButtonArgs,
  answer: { form: Card } | { note: string },
  title: string,
  locale?: Locale,
): Promise<void> {
  if ('note' in answer) await showCard(args, noticeCard(title, answer.note, locale), false);
  else await openForm(args, answer.form);
}

/** A click whose answer failed: "Sorry" and what could not be done, in the clicker's language. */
export async function sorry(deps: SlackDeps, args: ButtonArgs, key: MessageKey): Promise<void> {
  const locale = await clickerLocale(deps, args.body.user.id);
  await showCard(args, noticeCard(t(locale, 'error.sorry'), t(locale, key), locale), false);
}
