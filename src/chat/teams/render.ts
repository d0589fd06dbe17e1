import type { Activity } from 'botbuilder';
import { adaptiveCardAttachment } from '../../cards/adaptive-card';
import type { Card } from '../../cards/model';

/** A card as a Teams message: the Adaptive Card, with the one-line summary for notifications. */
export function cardActivity(card: Card): Partial<Activity> {
  return {
    type: 'message',
    summary: card.fallback || card.title,
    attachments: [adaptiveCardAttachment(card)],
  };
}

/** The answer to an `adaptiveCard/action` invoke: the card to show in place of the clicked one. */
export function cardInvokeResponse(card: Card) {
  return {
    status: 200,
    body: {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: adaptiveCardAttachment(card).content,
    },
  };
}

/** An invoke answer that leaves the card as it is and shows a short message. */
export function messageInvokeResponse(text: string) {
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text },
  };
}
