import type { ChatReply } from '../../app/chat-reply';
import { renderMessage } from '../../cards/block-kit';
import type { Card } from '../../cards/model';

/** A neutral reply as a slash-command / response_url payload. */
export function toResponse(reply: ChatReply) {
  return {
    response_type: reply.visibility,
    ...renderMessage(reply.card),
  };
}

export const ephemeralCard = (card: Card) => toResponse({ visibility: 'ephemeral', card });

/**
 * Resolves with the work's result if it is done within `ms`, else with null (the work goes
 * on). Slack shows an error after 3 s, so a slow answer is acknowledged first and sent later.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Leaves Slack's 3-second ack deadline room for the network. */
export const ACK_DEADLINE_MS = 2_000;
