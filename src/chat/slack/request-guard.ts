import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBoundedBody } from '../../http/body';
import { sendJson } from '../../http/server';

/**
 * Slack's largest inbound payload is a view submission (a view is at most 250 KB, a bit more
 * once form-encoded); anything past this is not Slack, and is refused before any work.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

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

/**
 * Reads the body (bounded) and hands it to Bolt already buffered (Bolt reuses `rawBody`, so the
 * signature is still checked on the exact bytes). Refuses a body that parses to something other
 * than an object: Bolt reads `body.ssl_check` of whatever it parsed, and a signed `null` threw
 * an uncaught TypeError that ended the process. Unparseable bodies go on to Bolt, which answers
 * 401 (unsigned) or 400 itself. Returns whether Bolt should see the request.
 */
export async function guardSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
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
  const parsed = parseLikeBolt(req, raw.toString('utf8'));
  if (parsed === undefined) return true;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    sendJson(res, 400, { error: 'malformed_body' });
    return false;
  }
  return true;
}
