import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../http/body';

const LIMIT = 1024 * 1024;

export async function readRaw(req: IncomingMessage, limit = LIMIT): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, { error: 'payload_too_large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Fields the Web API clients send JSON-encoded inside a form body.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

/**
 * A Web API call's arguments, as `@slack/web-api` sends them (form-encoded, objects as JSON
 * strings) or as a JSON body (our own outbox sender): either way, one plain object.
 */
export async function readApiArgs(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readRaw(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw new HttpError(400, { ok: false, error: 'invalid_json' });
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // Left as text: the method answers invalid_arguments like Slack does.
      }
    }
    args[key] = value;
  }
  return args;
}

/** A JSON body from the page, checked by the caller's zod schema. */
export async function readPageJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req);
  try {
    return JSON.parse(raw || '{}');
  } catch {
    throw new HttpError(400, { error: 'invalid_json' });
  }
}
