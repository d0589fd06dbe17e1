import type { IncomingMessage } from 'node:http';

/** A request the edge refuses, with the status and the JSON body to answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; [key: string]: unknown },
  ) {
    super(body.error);
  }
}

/** 10,000 rows of a few hundred bytes each fit easily; anything larger is not one batch. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Reads a body of at most `limit` bytes, or throws 413 (checked on the declared length first,
 * then while reading) before buffering more than the limit.
 */
export function readBoundedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // Built only when thrown: an Error's stack trace is a cost on every request otherwise.
  const tooLarge = () => new HttpError(413, { error: 'payload_too_large', limit_bytes: limit });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  // Events rather than `for await`: the async iterator costs a promise and a microtask per
  // chunk, a noticeable share of a small Slack request's CPU.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep draining (unbuffered) so the client reads our 413 rather than a
      // reset; past four times the limit it is not a mistake but abuse, and the socket goes.
      if (size > 4 * limit) req.destroy();
      else if (size <= limit) chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (size > limit) reject(tooLarge());
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    // A destroyed request (the client went, or past four times the limit) ends with 'close'
    // and no 'end'.
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(size > limit ? tooLarge() : new Error('the request was aborted'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Reads a JSON body: 415 unless the content type is JSON, 413 past `limit` bytes (checked on
 * the declared length first, then while reading), 400 for bytes that are not UTF-8 or JSON.
 */
export async function readJsonBody(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, {
      error: 'unsupported_media_type',
      message: 'send the body as application/json',
    });
  }
  const body = await readBoundedBody(req, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, { error: 'invalid_json', message: 'the body is not UTF-8' });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, { error: 'invalid_json', message: (error as Error).message });
  }
}
