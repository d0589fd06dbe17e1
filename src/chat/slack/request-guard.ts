import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
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

/** Slack's own window for an old timestamp (what Bolt enforces too). */
const PAST_SKEW_SECONDS = 5 * 60;

/** Parses as Bolt's HTTPReceiver does (querystring, `payload` as JSON); undefined when it cannot. */
function parseLikeBolt(req: IncomingMessage, raw: string): unknown {
  try {
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw);
      return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
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

/**
 * Slack's v0 signature over the exact bytes received. Compared in constant time with
 * timingSafeEqual: Bolt's verifier compares through tsscmp, which draws random bytes and
 * computes two more HMACs per request (a tenth of /health's CPU) for the same guarantee.
 */
function signedBySlack(secret: string, stamp: number, raw: Buffer, signature: string): boolean {
  if (!signature.startsWith('v0=')) return false;
  const ours = createHmac('sha256', secret).update(`v0:${stamp}:`).update(raw).digest();
  const theirs = Buffer.from(signature.slice(3), 'utf8');
  // Hex of 32 bytes is 64 characters: anything else cannot match (and timingSafeEqual needs
  // equal lengths), so the comparison is of the hex text, byte for byte.
  const hex = Buffer.from(ours.toString('hex'), 'utf8');
  return theirs.length === hex.length && timingSafeEqual(theirs, hex);
}

export interface GuardOptions {
  signingSecret: string;
  /** The installed workspace; null until auth.test has named it (then requests wait: 503). */
  installed(): InstalledWorkspace | null;
  log: Logger;
  now?: () => number;
}

export type SlackBody = Record<string, unknown>;

/**
 * Everything checked before Bolt sees a request, each answered at once:
 * - 413 past SLACK_BODY_LIMIT (nothing buffered past it);
 * - 401 for a bad signature, a timestamp over five minutes old or more than FUTURE_SKEW_SECONDS
 *   ahead (so that what follows is only said to Slack);
 * - 400 for a signed body that does not parse or is not an object (Bolt reads `body.ssl_check`
 *   of whatever it parsed: a signed `null` once ended the process);
 * - 403 for a request from another workspace than the installed one.
 * Returns the parsed body when Bolt should see it (parsed and verified here once: the receiver
 * hands it to Bolt as is), null when the request was answered.
 */
export async function guardSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: GuardOptions,
): Promise<SlackBody | null> {
  let raw: Buffer;
  try {
    raw = await readBoundedBody(req, SLACK_BODY_LIMIT);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendJson(res, error.status, error.body);
    return null;
  }
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const stamp = Number(header(req, 'x-slack-request-timestamp'));
  if (Number.isFinite(stamp) && stamp > nowSeconds + FUTURE_SKEW_SECONDS) {
    options.log.warn({ ahead: stamp - nowSeconds }, 'slack request stamped in the future refused');
    sendJson(res, 401, { error: 'invalid_timestamp', message: 'timestamp is in the future' });
    return null;
  }
  // A missing or empty stamp is Number('') = 0: stale like any other.
  const fresh = Number.isFinite(stamp) && stamp >= nowSeconds - PAST_SKEW_SECONDS;
  if (
    !fresh ||
    !signedBySlack(options.signingSecret, stamp, raw, header(req, 'x-slack-signature'))
  ) {
    sendJson(res, 401, { error: 'invalid_signature' });
    return null;
  }
  const parsed = parseLikeBolt(req, raw.toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    sendJson(res, 400, { error: 'malformed_body' });
    return null;
  }
  const body = parsed as SlackBody;
  if (isHandshake(body)) return body;
  const installed = options.installed();
  if (!installed) {
    sendJson(res, 503, { error: 'starting', message: 'the Slack workspace is not known yet' });
    return null;
  }
  const foreign = foreignWorkspace(body, installed);
  if (foreign) {
    options.log.warn({ reason: foreign }, 'slack request from another workspace refused');
    sendJson(res, 403, { error: 'wrong_workspace' });
    return null;
  }
  return body;
}
