import { commandForm } from '../../src/chat/local/slack-payloads';
import { signSlackRequest } from '../../src/chat/local/slack-signing';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SignedPost {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  headers?: Record<string, string>;
  /** Replaces the computed signature (a forged request). */
  signature?: string;
}

/** POSTs a body to the bot as Slack would: form or JSON, signed with the signing secret. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: SignedPost = {},
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature':
        options.signature ?? signSlackRequest(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

const FORM = 'application/x-www-form-urlencoded';

/** A slash command as Slack sends it (form fields), from the one set of payload builders. */
export function commandBody(fields: {
  command: string;
  text: string;
  user_id: string;
  trigger_id: string;
  response_url: string;
  channel_id?: string;
}): string {
  return commandForm({
    user: { id: fields.user_id, email: '' },
    command: fields.command,
    text: fields.text,
    channelId: fields.channel_id ?? 'C0GENERAL',
    channelName: 'general',
    responseUrl: fields.response_url,
    triggerId: fields.trigger_id,
  }).toString();
}

export const postCommand = (url: string, body: string, options?: SignedPost) =>
  postSigned(url, body, FORM, options);

/** Interactivity (block_actions, view_submission): a form with one JSON `payload` field. */
export const postInteraction = (url: string, payload: unknown, options?: SignedPost) =>
  postSigned(
    url,
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    FORM,
    options,
  );

/** Events API callbacks are JSON. */
export const postEvent = (url: string, event: unknown, options?: SignedPost) =>
  postSigned(url, JSON.stringify(event), 'application/json', options);
