import { audited, type EdgeRequest } from '../../app/audit';
import type { AppContext } from '../../app/context';

type Body = Record<string, unknown> & {
  command?: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  type?: string;
  user?: { id?: string };
  channel?: { id?: string };
  container?: { channel_id?: string };
  actions?: { action_id?: string }[];
  view?: { callback_id?: string };
  event?: { type?: string; user?: string; channel?: string };
};

/**
 * What a Slack request is, for the audit: who (the Slack user id), what (the command and its
 * first word, the button's action id, the modal's callback id; never the typed text, which
 * may name a person), where (the channel).
 */
export function slackEdge(body: Body): EdgeRequest {
  const actor = `slack:${body.user_id ?? body.user?.id ?? body.event?.user ?? 'unknown'}`;
  const place =
    body.channel_id ??
    body.channel?.id ??
    body.container?.channel_id ??
    body.event?.channel ??
    null;
  let action = 'request';
  if (body.command) {
    const word = /^\s*([a-z][a-z-]*)/i.exec(body.text ?? '')?.[1];
    action = `${body.command}${word && body.command === '/cs' ? ` ${word.toLowerCase()}` : ''}`;
  } else if (body.type === 'block_actions') {
    action = `click ${body.actions?.[0]?.action_id ?? 'unknown'}`;
  } else if (body.type === 'view_submission') {
    action = `submit ${body.view?.callback_id ?? 'unknown'}`;
  } else if (body.event?.type) {
    action = `event ${body.event.type}`;
  }
  return { origin: 'slack', actor, action, place };
}

/**
 * Runs a request's processing under the audit (every command, click, submission and event).
 * Called from the processEvent wrapper (inbound.ts) rather than as a Bolt global middleware:
 * each middleware level costs Bolt a copy of every listener argument on every request.
 */
export function auditSlack(ctx: AppContext) {
  return (body: Record<string, unknown>, work: () => Promise<void>): Promise<void> =>
    audited(ctx, slackEdge(body as Body), work);
}
