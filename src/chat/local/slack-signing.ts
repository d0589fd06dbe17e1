import { createHmac } from 'node:crypto';

/** Slack's own limit: an app has 3 seconds to answer a command, click or submission. */
export const SLACK_TIMEOUT_MS = 3_000;

export interface SlackPost {
  status: number;
  body: string;
  /** True when the app did not answer within Slack's 3 seconds. */
  timedOut: boolean;
}

/** Signature v0: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret, as hex. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * Delivers a request to the app's /slack/events the way Slack does: raw body signed with the
 * signing secret and the current timestamp; form-encoded for commands and interactivity,
 * JSON for events. A slow answer counts as a timeout, as in Slack (the work may go on).
 */
export async function postToApp(
  url: string,
  secret: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
): Promise<SlackPost> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(secret, timestamp, body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      body,
      signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
    });
    return { status: res.status, body: await res.text(), timedOut: false };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 0, body: '', timedOut: true };
    throw error;
  }
}

/** The local workspace's Slack in HTTP mode: each request a signed POST to /slack/events. */
export function signedHttp(url: () => string, secret: string) {
  return (body: string, json: boolean): Promise<SlackPost> =>
    postToApp(url(), secret, body, json ? 'application/json' : 'application/x-www-form-urlencoded');
}

/** The JSON an app answered with, or null for an empty (or non-JSON) acknowledgement. */
export function answerJson(post: SlackPost): Record<string, unknown> | null {
  if (!post.body.trim()) return null;
  try {
    const parsed: unknown = JSON.parse(post.body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
