import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { HttpError, readBoundedBody } from '../../http/body';
import { sendJson } from '../../http/server';
import type { Logger } from '../../log';
import { foreignWorkspace, type InstalledWorkspace, isHandshake } from './workspace';

/**
 * Slack's largest inbound payload is a view submission (a view is at most 250 KB, a bit more
 * once form-encoded); anything past this is not Slack, and is refused before any work.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/**
 * How far ahead of our clock a request timestamp may be. Bolt refuses timestamps more than five
 * minutes old but accepts any in the future, so a captured request stamped ahead could be
 * replayed for as long as its stamp says; clocks synced by NTP differ by far less than this.
 */
export const FUTURE_SKEW_SECONDS = 60;

/** Parses like Bolt's HTTPReceiver does; undefined when it would not parse at all. */
function parseLikeBolt(req: IncomingMessage, raw: string): unknown {
  try {
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      return payload === null ? Object.fromEntries(form) : JSON.parse(payload);
    }
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const header = (req: IncomingMessage, name: string): string => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

export interface GuardOptions {
  signingSecret: string;
  /** The installed workspace; null until auth.test has named it (then requests wait: 503). */
  installed(): InstalledWorkspace | null;
  log: Logger;
  now?: () => number;
}

/**
 * Everything checked before Bolt sees a request, each answered at once:
 * - 413 past SLACK_BODY_LIMIT (nothing buffered past it);
 * - 401 for a bad signature, a timestamp over five minutes old or more than FUTURE_SKEW_SECONDS
 *   ahead (the signature is checked here, so that what follows is only said to Slack);
 * - 400 for a signed body that is not an object (Bolt reads `body.ssl_check` of whatever it
 *   parsed: a signed `null` once ended the process);
 * - 403 for a request from another workspace than the installed one.
 * The raw body is handed on buffered (Bolt reuses `rawBody` and checks the signature again on
 * the exact bytes). Returns whether Bolt should see the request.
 */
export async function guardSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: GuardOptions,
): Promise<boolean> {
  let raw: Buffer;
  try {
    raw = await readBoundedBody(req, SLACK_BODY_LIMIT);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendJson(res, error.status, error.body);
    return false;
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
  const text = raw.toString('utf8');
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const stamp = Number(header(req, 'x-slack-request-timestamp'));
  if (Number.isFinite(stamp) && stamp > nowSeconds + FUTURE_SKEW_SECONDS) {
    options.log.warn({ ahead: stamp - nowSeconds }, 'slack request stamped in the future refused');
    sendJson(res, 401, { error: 'invalid_timestamp', message: 'timestamp is in the future' });
    return false;
  }
  const signed = isValidSlackRequest({
    signingSecret: options.signingSecret,
    body: text,
    headers: {
      'x-slack-signature': header(req, 'x-slack-signature'),
      'x-slack-request-timestamp': stamp,
    },
    nowMilliseconds: nowSeconds * 1000,
  });
  if (!signed) {
    sendJson(res, 401, { error: 'invalid_signature' });
    return false;
  }
  const parsed = parseLikeBolt(req, text);
  // Unparseable: Bolt answers 400 itself.
  if (parsed === undefined) return true;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    sendJson(res, 400, { error: 'malformed_body' });
    return false;
  }
  const body = parsed as Record<string, unknown>;
  if (isHandshake(body)) return true;
  const installed = options.installed();
  if (!installed) {
    sendJson(res, 503, { error: 'starting', message: 'the Slack workspace is not known yet' });
    return false;
  }
  const foreign = foreignWorkspace(body, installed);
  if (foreign) {
    options.log.warn({ reason: foreign }, 'slack request from another workspace refused');
    sendJson(res, 403, { error: 'wrong_workspace' });
    return false;
  }
  return true;
}
