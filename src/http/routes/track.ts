import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { z } from 'zod';
import { authenticateWriteKey } from '../../app/api-keys';
import type { AppContext } from '../../app/context';
import { ingestTrack, MAX_TRACK_MESSAGES } from '../../app/track';
import type { SegmentType } from '../../domain/connectors';
import { HttpError, MAX_BODY_BYTES, readBoundedBody } from '../body';
import { type Route, sendJson } from '../server';

const gunzipAsync = promisify(gunzip);

// Segment's HTTP tracking API, the paths its and RudderStack's server libraries call
// (`/v1/batch` by default; the single-message ones for curl and other clients). Mounted both
// where those libraries look (host + /v1/…) and under /api/v1 with the rest of Tend's API.
const SINGLE: Record<string, SegmentType> = {
  track: 'track',
  identify: 'identify',
  group: 'group',
  page: 'page',
  screen: 'screen',
  alias: 'alias',
};

const batchBody = z.looseObject({
  batch: z.array(z.unknown(), { error: 'must be a list of messages' }),
  context: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * The body as JSON. RudderStack's library gzips by default (Content-Encoding: gzip); the
 * decompressed size is bounded like a plain body. The content type is not checked: the
 * libraries send their JSON with different ones (axios with a Buffer sends none that says JSON).
 */
async function readTrackingBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBoundedBody(req, MAX_BODY_BYTES);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  let bytes: Buffer;
  if (encoding === 'gzip') {
    try {
      bytes = await gunzipAsync(raw, { maxOutputLength: MAX_BODY_BYTES });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        throw new HttpError(413, { error: 'payload_too_large', limit_bytes: MAX_BODY_BYTES });
      }
      throw new HttpError(400, { error: 'invalid_body', message: 'the gzip body is corrupt' });
    }
  } else if (encoding === 'identity') {
    bytes = raw;
  } else {
    throw new HttpError(415, {
      error: 'unsupported_encoding',
      message: 'send the body plain or with Content-Encoding: gzip',
    });
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new HttpError(400, { error: 'invalid_json', message: (error as Error).message });
  }
}

function trackHandler(ctx: AppContext, type: SegmentType | 'batch') {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const key = await authenticateWriteKey(ctx, req.headers.authorization);
      if (!key) {
        req.resume();
        res.setHeader('www-authenticate', 'Basic realm="tend"');
        throw new HttpError(401, {
          error: 'unauthorized',
          message: 'send a Tend API key as the write key (HTTP basic auth, key as user name)',
        });
      }
      const body = await readTrackingBody(req);
      let messages: unknown[];
      if (type === 'batch') {
        const envelope = batchBody.safeParse(body);
        if (!envelope.success) {
          throw new HttpError(400, {
            error: 'invalid_body',
            message: 'send an object like { "batch": [ { "type": "track", … }, … ] }',
          });
        }
        const shared = envelope.data.context;
        // Segment's batch may carry a context for every message; a message's own wins.
        messages = shared
          ? envelope.data.batch.map((m) =>
              m && typeof m === 'object' && !Array.isArray(m)
                ? { ...m, context: { ...shared, ...((m as { context?: object }).context ?? {}) } }
                : m,
            )
          : envelope.data.batch;
      } else {
        messages = [body];
      }
      if (messages.length > MAX_TRACK_MESSAGES) {
        throw new HttpError(413, {
          error: 'too_many_messages',
          limit_messages: MAX_TRACK_MESSAGES,
          message: `a batch holds at most ${MAX_TRACK_MESSAGES} messages; flush more often`,
        });
      }
      const result = await ingestTrack(ctx, messages, type === 'batch' ? undefined : type);
      if (result.ok) {
        const { ok: _ok, ...counts } = result;
        sendJson(res, 200, { success: true, ...counts });
      } else {
        sendJson(res, 400, { error: 'invalid_messages', messages: result.errors });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 413) res.setHeader('connection', 'close');
      sendJson(res, error.status, error.body);
    }
  };
}

/** POST /v1/{batch,import,track,…} and the same under /api/v1. */
export function trackRoutes(ctx: AppContext): Route[] {
  const paths: [string, SegmentType | 'batch'][] = [
    ['batch', 'batch'],
    ['import', 'batch'],
    ...Object.entries(SINGLE),
  ];
  return paths.flatMap(([path, type]) => {
    const handler = trackHandler(ctx, type);
    return [
      { method: 'POST' as const, path: `/v1/${path}`, handler },
      { method: 'POST' as const, path: `/api/v1/${path}`, handler },
    ];
  });
}
