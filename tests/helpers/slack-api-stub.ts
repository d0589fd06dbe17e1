import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

// A small Slack Web API stand-in for the jobs tests and the digest benchmark: it records
// chat.postMessage / chat.update calls, can answer scripted failures (429 with Retry-After,
// 500), and can enforce Slack's "about one message a second per channel, with bursts".

export interface StubPost {
  /** performance.now() when it was accepted. */
  at: number;
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
}

export interface StubOptions {
  /** Enforce a per-channel token bucket on chat.postMessage: 429 + Retry-After when empty. */
  rateLimit?: { rate: number; burst: number };
  /** Random faults on chat.postMessage: a 5xx, or a call read and never answered (not posted). */
  faults?: { errorRate: number; hangRate: number };
}

/** A scripted answer: an HTTP status (with Retry-After), or `hang`: read the call, never answer. */
type Scripted = { status: number; retryAfter?: number } | { hang: true };

export interface SlackApiStub {
  url: string;
  posts: StubPost[];
  updates: { channel: string; ts: string; text: string; blocks: unknown[] }[];
  /** Answers the next calls of a method with these statuses, in order. */
  script(method: string, answers: Scripted[]): void;
  /** 429s the stand-in answered because of its own rate limit. */
  limited: number;
  /** While down, every connection is dropped before an answer (Slack unreachable). */
  down: boolean;
  /** Calls that were left hanging by a `hang` script. */
  hung: number;
  /** Forgets calls and scripts. */
  reset(): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  // The WebClient sends form-encoded bodies (auth.test at Bolt's start); our sender sends JSON.
  if (req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return JSON.parse(text || '{}');
}

export async function startSlackApiStub(options: StubOptions = {}): Promise<SlackApiStub> {
  const scripts = new Map<string, Scripted[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  let seq = 0;
  const stub: Omit<SlackApiStub, 'url' | 'close'> = {
    posts: [],
    updates: [],
    limited: 0,
    down: false,
    hung: 0,
    script: (method, answers) => scripts.set(method, [...(scripts.get(method) ?? []), ...answers]),
    reset: () => {
      scripts.clear();
      buckets.clear();
      stub.posts.length = 0;
      stub.updates.length = 0;
      stub.limited = 0;
      stub.down = false;
      stub.hung = 0;
    },
  };
  const server = createServer(async (req, res) => {
    if (stub.down) {
      req.socket.destroy();
      return;
    }
    const method = (req.url ?? '').replace(/^\/(api\/)?/, '');
    const body = await readJson(req);
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    const scripted = scripts.get(method)?.shift();
    if (scripted && 'hang' in scripted) {
      stub.hung++;
      return;
    }
    if (scripted) {
      const headers: Record<string, string> =
        scripted.retryAfter === undefined ? {} : { 'retry-after': String(scripted.retryAfter) };
      return send(scripted.status, { ok: false, error: 'scripted' }, headers);
    }
    const channel = String(body.channel ?? '');
    if (method === 'chat.postMessage' && options.faults) {
      const r = Math.random();
      if (r < options.faults.hangRate) {
        stub.hung++;
        return;
      }
      if (r < options.faults.hangRate + options.faults.errorRate) {
        return send(503, { ok: false, error: 'service_unavailable' });
      }
    }
    if (method === 'chat.postMessage') {
      if (channel.startsWith('CGONE')) return send(200, { ok: false, error: 'channel_not_found' });
      if (options.rateLimit) {
        const { rate, burst } = options.rateLimit;
        const now = performance.now();
        const b = buckets.get(channel) ?? { tokens: burst, at: now };
        const tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
        if (tokens < 1) {
          buckets.set(channel, { tokens, at: now });
          stub.limited++;
          return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
        }
        buckets.set(channel, { tokens: tokens - 1, at: now });
      }
      seq++;
      const ts = `1700000000.${String(seq).padStart(6, '0')}`;
      stub.posts.push({
        at: performance.now(),
        channel,
        ts,
        text: String(body.text ?? ''),
        blocks: (body.blocks as unknown[]) ?? [],
      });
      return send(200, { ok: true, channel, ts });
    }
    if (method === 'chat.update') {
      const ts = String(body.ts ?? '');
      if (!stub.posts.some((p) => p.ts === ts && p.channel === channel)) {
        return send(200, { ok: false, error: 'message_not_found' });
      }
      stub.updates.push({
        channel,
        ts,
        text: String(body.text ?? ''),
        blocks: (body.blocks as unknown[]) ?? [],
      });
      return send(200, { ok: true, channel, ts });
    }
    if (method === 'auth.test') {
      // As Slack does: the workspace the token belongs to (requests from others get 403).
      return send(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0STANDIN' });
    }
    return send(200, { ok: false, error: 'unknown_method' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}/api/`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  }) as SlackApiStub;
}
