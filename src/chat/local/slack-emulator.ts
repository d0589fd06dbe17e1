import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/server';
import type { Logger } from '../../log';
import { readApiArgs } from './request';
import {
  type Answer,
  createTriggers,
  type Method,
  slackWebApi,
  type Triggers,
} from './slack-web-api';
import { BOT_USER_ID, type LocalMessage, type LocalUser, WorkspaceState } from './state';

/** One call the bot made: a Web API method, or a POST to a response_url ("response_url"). */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** A message the emulator accepted (chat.postMessage), or a change to one (chat.update). */
export interface RecordedMessage {
  /** performance.now() when it was accepted. */
  at: number;
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** A thread reply: its parent's ts. */
  threadTs?: string;
}

/**
 * A scripted answer: an HTTP status (with Retry-After); `hang`: read the call, never answer;
 * `lostAnswer`: do what the call asks, then never answer (Slack took it, the answer was lost).
 */
export type ScriptedAnswer =
  | { status: number; retryAfter?: number }
  | { hang: true }
  | { lostAnswer: true };

export interface SlackEmulatorOptions {
  /** The conversation it keeps; the local workspace passes the one its page shows. */
  state?: WorkspaceState;
  /** The bot token it accepts; without one, any token (still required, as Slack does). */
  token?: string;
  /** Enforce a per-channel token bucket on chat.postMessage: 429 + Retry-After when empty. */
  rateLimit?: { rate: number; burst: number };
  /** Random faults on chat.postMessage: a 503, or a call read and never answered. */
  faults?: { errorRate: number; hangRate: number };
  /** Answer each call this long after doing it (a slow network: done, not yet answered). */
  latencyMs?: number;
  log?: Logger;
  /** Keep calls and messages for a test to read (default); the local workspace does not. */
  record?: boolean;
  /** The bot token's scopes (conversations.history checks its own); default: all granted. */
  scopes?: string[];
}

/**
 * Slack's Web API in memory: the stateful methods of slack-web-api.ts (strict like Slack:
 * unknown channel, ts, user or trigger fail with Slack's error codes), a recorder of every
 * call, and fault injection (scripted statuses, hangs, rate limits, an outage). It serves
 * HTTP through `handleApi`; the local workspace mounts it on its server, tests start it on
 * a port of its own (tests/helpers/slack-emulator.ts).
 */
export interface SlackEmulator {
  state: WorkspaceState;
  triggers: Triggers;
  calls: RecordedCall[];
  posts: RecordedMessage[];
  updates: RecordedMessage[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first matching call, waiting for it up to `timeoutMs`. */
  waitFor(
    method: string,
    match?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Records a call made elsewhere (a response_url post), waking waiters. */
  record(method: string, body: Record<string, unknown>): void;
  /** Answers the next calls of a method with these, in order, before any other rule. */
  script(method: string, answers: ScriptedAnswer[]): void;
  /** While down, every connection is dropped before an answer (Slack unreachable). */
  down: boolean;
  /** 429s answered because of the per-channel rate limit. */
  limited: number;
  /** Calls read and never answered (scripted or random hangs). */
  hung: number;
  /** The bot token's scopes, or undefined for all (reset restores the option's). */
  scopes: string[] | undefined;
  addUser(user: {
    id: string;
    name: string;
    email?: string | null;
    tz?: string;
    locale?: string;
  }): void;
  /** The channel is gone: posts and updates to it fail with channel_not_found. */
  removeChannel(id: string): void;
  /**
   * A message the bot posted before (a test's starting point); answers its ts. `from` makes it
   * another app's post (its bot id and bot user), e.g. a second Tend in the same workspace.
   */
  seedMessage(
    channel: string,
    text: string,
    extra?: Pick<LocalMessage, 'metadata' | 'threadTs'> & {
      from?: { botId: string; user: string };
    },
  ): string;
  /** A trigger_id for `userId`, as Slack puts in a command or click (valid 3 s). */
  trigger(userId: string): string;
  /** Forgets calls, messages, scripts, limits and the outage. */
  reset(): void;
  /** POST …/api/:method. */
  handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void>;
  /** POST …/upload/:id: a file's bytes (files.uploadV2's step 2). */
  handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void>;
  /** GET …/files/:id: an uploaded file, for the page. */
  serveFile(res: ServerResponse, fileId: string): void;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const blocksOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The body of the first part of a multipart/form-data payload (empty if there is none). */
function firstPart(raw: Buffer, boundary: string): Buffer {
  const start = raw.indexOf(`--${boundary}`);
  const headersEnd = start < 0 ? -1 : raw.indexOf('\r\n\r\n', start);
  if (headersEnd < 0) return Buffer.alloc(0);
  const end = raw.indexOf(`\r\n--${boundary}`, headersEnd + 4);
  return raw.subarray(headersEnd + 4, end < 0 ? raw.length : end);
}

export function createSlackEmulator(options: SlackEmulatorOptions = {}): SlackEmulator {
  const state = options.state ?? new WorkspaceState();
  const triggers = createTriggers(state);
  const methods: Record<string, Method> = slackWebApi(state, triggers, () => emulator.scopes);
  const scripts = new Map<string, ScriptedAnswer[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const waiters = new Set<() => boolean>();

  /** The per-channel bucket: true when the call may go on. */
  const takeToken = (channel: string): boolean => {
    if (!options.rateLimit) return true;
    const { rate, burst } = options.rateLimit;
    const now = performance.now();
    const b = buckets.get(channel) ?? { tokens: burst, at: now };
    const tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    if (tokens < 1) {
      buckets.set(channel, { tokens, at: now });
      return false;
    }
    buckets.set(channel, { tokens: tokens - 1, at: now });
    return true;
  };

  /** Faults and limits before the method runs: an answer to send, 'hang', or null (go on). */
  const fault = (
    method: string,
    args: Record<string, unknown>,
  ): { status: number; body: Answer; retryAfter?: number } | 'hang' | 'lost' | null => {
    const scripted = scripts.get(method)?.shift();
    if (scripted && 'hang' in scripted) return 'hang';
    if (scripted && 'lostAnswer' in scripted) return 'lost';
    if (scripted) {
      const error = scripted.status === 429 ? 'ratelimited' : 'scripted';
      return {
        status: scripted.status,
        body: { ok: false, error },
        retryAfter: scripted.retryAfter,
      };
    }
    if (method !== 'chat.postMessage') return null;
    if (options.faults) {
      const r = Math.random();
      if (r < options.faults.hangRate) return 'hang';
      if (r < options.faults.hangRate + options.faults.errorRate) {
        return { status: 503, body: { ok: false, error: 'service_unavailable' } };
      }
    }
    if (!takeToken(text(args.channel))) {
      emulator.limited++;
      return { status: 429, body: { ok: false, error: 'ratelimited' }, retryAfter: 1 };
    }
    return null;
  };

  const remember = (method: string, args: Record<string, unknown>, answer: Answer) => {
    if (!answer.ok || options.record === false) return;
    const message = {
      at: performance.now(),
      channel: text(answer.channel),
      ts: text(answer.ts),
      text: text(args.text),
      blocks: blocksOf(args.blocks),
      ...(text(args.thread_ts) ? { threadTs: text(args.thread_ts) } : {}),
    };
    if (method === 'chat.postMessage') emulator.posts.push(message);
    if (method === 'chat.update') emulator.updates.push(message);
  };

  const emulator: SlackEmulator = {
    state,
    triggers,
    calls: [],
    posts: [],
    updates: [],
    down: false,
    limited: 0,
    hung: 0,
    scopes: options.scopes,
    callsTo: (method) => emulator.calls.filter((c) => c.method === method),
    waitFor: (method, match = () => true, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = emulator.callsTo(method).find(match);
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
    record(method, body) {
      if (options.record === false) return;
      emulator.calls.push({ method, body, at: Date.now() });
      for (const wake of [...waiters]) wake();
    },
    script: (method, answers) => scripts.set(method, [...(scripts.get(method) ?? []), ...answers]),
    addUser({ id, name, email, tz, locale }) {
      const user: LocalUser = {
        id,
        name,
        email: email?.toLowerCase() ?? '',
        ...(tz ? { tz } : {}),
        ...(locale ? { locale } : {}),
      };
      state.users = [...state.users.filter((u) => u.id !== id), user];
    },
    removeChannel(id) {
      state.deleted.add(id);
      state.channels.delete(id);
    },
    seedMessage(channel, text, extra = {}) {
      const at = state.resolveChannel(channel);
      if (!at) throw new Error(`the emulator has no channel ${channel}`);
      const ts = state.nextTs();
      const { from, ...rest } = extra;
      state.add({
        channel: at.id,
        ts,
        user: from?.user ?? BOT_USER_ID,
        text,
        blocks: [],
        ...rest,
        ...(from ? { botId: from.botId } : {}),
      });
      return ts;
    },
    trigger: (userId) => triggers.issue(userId),
    reset() {
      scripts.clear();
      buckets.clear();
      emulator.calls.length = 0;
      emulator.posts.length = 0;
      emulator.updates.length = 0;
      emulator.limited = 0;
      emulator.hung = 0;
      emulator.down = false;
      emulator.scopes = options.scopes;
      state.botAbsent.clear();
    },
    async handleUpload(req, res, fileId) {
      const file = state.files.get(fileId);
      if (!file) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      // The SDK posts multipart/form-data (one part: the file); a raw body is taken as it is.
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
      const body = boundary ? firstPart(raw, boundary[1] ?? boundary[2] ?? '') : raw;
      // Slack checks the bytes against the length asked for in step 1.
      if (body.length !== file.length) {
        return sendJson(res, 400, { ok: false, error: 'length_mismatch' });
      }
      file.bytes = body;
      emulator.record('file.upload', { id: fileId, length: body.length });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${body.length}`);
    },
    serveFile(res, fileId) {
      const file = state.files.get(fileId);
      if (!file?.bytes) {
        res.writeHead(404).end();
        return;
      }
      const type = file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'content-length': file.bytes.length });
      res.end(file.bytes);
    },
    async handleApi(req, res, method) {
      if (emulator.down) {
        req.socket.destroy();
        return;
      }
      // Uploads and downloads are served beside the API: …/api/ → …/upload/, …/files/.
      if (!state.filesBase && req.headers.host) {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        state.filesBase = `http://${req.headers.host}${path.replace(/api\/[^/]*$/, '')}`;
      }
      const args = await readApiArgs(req);
      emulator.record(method, args);
      const early = fault(method, args);
      if (early === 'hang') {
        emulator.hung++;
        return;
      }
      if (early && early !== 'lost') {
        if (early.retryAfter !== undefined) res.setHeader('retry-after', String(early.retryAfter));
        return sendJson(res, early.status, early.body);
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const given = bearer ?? text(args.token);
      if (!given) return sendJson(res, 200, { ok: false, error: 'not_authed' });
      if (options.token && given !== options.token) {
        return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      }
      const run = methods[method];
      if (!run) {
        options.log?.warn({ method }, 'slack emulator: a Web API method it lacks');
        return sendJson(res, 200, { ok: false, error: 'unknown_method' });
      }
      const answer = run(args);
      if (!answer.ok) options.log?.debug({ method, error: answer.error }, 'slack emulator');
      remember(method, args, answer);
      if (early === 'lost') {
        emulator.hung++;
        return;
      }
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      sendJson(res, 200, answer);
    },
  };
  return emulator;
}
