import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"), hex. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

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
        options.signature ?? sign(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

const FORM = 'application/x-www-form-urlencoded';

/** A slash command as Slack sends it (form fields). */
export function commandBody(fields: {
  command: string;
  text: string;
  user_id: string;
  trigger_id: string;
  response_url: string;
  channel_id?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0STANDIN',
    team_domain: 'standin',
    channel_id: fields.channel_id ?? 'C0GENERAL',
    channel_name: 'general',
    user_name: fields.user_id.toLowerCase(),
    api_app_id: 'A0TEND',
    ...fields,
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
