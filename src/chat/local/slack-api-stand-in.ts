import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made: a Web API method, or a POST to a response_url. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface StandInUser {
  email: string | null;
  name: string;
}

export interface SlackApiStandIn {
  /** Base URL for SLACK_API_URL / clientOptions.slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** A fresh response_url the stand-in answers and records (as method "response_url"). */
  responseUrl(): string;
  users: Map<string, StandInUser>;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first matching call, waiting for it up to `timeoutMs`. */
  waitFor(
    method: string,
    match?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return JSON.parse(text) as Record<string, unknown>;
  }
  // The WebClient posts forms whose nested fields (blocks, view) are JSON strings.
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let counter = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

function answer(
  method: string,
  body: Record<string, unknown>,
  users: Map<string, StandInUser>,
): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://stand-in.slack.test/',
        team: 'Stand-in',
        team_id: 'T0STANDIN',
        user: 'tend',
        user_id: 'U0TENDBOT',
        bot_id: 'B0TENDBOT',
      };
    case 'users.info': {
      const id = String(body.user ?? '');
      const user = users.get(id);
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id,
          name: user.name,
          real_name: user.name,
          profile: {
            display_name: user.name,
            real_name: user.name,
            email: user.email ?? undefined,
          },
        },
      };
    }
    case 'chat.postMessage':
    case 'chat.update':
      return { ok: true, channel: body.channel, ts: body.ts ?? nextTs(), message: body };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: nextTs() };
    case 'views.open':
    case 'views.publish':
    case 'views.update':
    case 'views.push':
      return { ok: true, view: { id: `V${randomUUID().slice(0, 8)}`, ...(body.view as object) } };
    default:
      return { ok: true };
  }
}

/**
 * An in-process stand-in for the Slack Web API and response URLs, recording every call. Tests
 * point the bot at it (SLACK_API_URL); the local workspace can use it to run the real Bolt app
 * without Slack.
 */
export async function startSlackApiStandIn(host = '127.0.0.1'): Promise<SlackApiStandIn> {
  const calls: RecordedCall[] = [];
  const users = new Map<string, StandInUser>();
  const waiters = new Set<() => void>();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: Record<string, unknown> = {};
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const method = path.startsWith('/api/')
      ? path.slice('/api/'.length)
      : path.startsWith('/response/')
        ? 'response_url'
        : null;
    if (!method) {
      res.writeHead(404).end();
      return;
    }
    calls.push({
      method,
      body: { ...body, ...(method === 'response_url' ? { path } : {}) },
      at: Date.now(),
    });
    for (const wake of waiters) wake();
    const reply = method === 'response_url' ? { ok: true } : answer(method, body, users);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://${host}:${port}`;
  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/${randomUUID()}`,
    users,
    calls,
    callsTo,
    waitFor: (method, match = () => true, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = callsTo(method).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${method} call within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
