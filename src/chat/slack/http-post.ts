import http from 'node:http';
import https from 'node:https';

/**
 * One JSON POST over node:http with keep-alive connections. The outbox sends hundreds of
 * posts a second at full pace; WHATWG fetch (web streams, an AbortSignal per call) cost the
 * delivery benchmark's replicas most of their CPU, this a fraction of it.
 */
export interface PostAnswer {
  status: number;
  header(name: string): string | undefined;
  body: string;
}

/** Why a call got no answer: `connected` false means the request never left this host. */
export class PostFailed extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly timedOut: boolean,
    readonly connected: boolean,
  ) {
    super(message);
    this.name = 'PostFailed';
  }
}

/**
 * How long a kept-alive connection may sit idle before we close it ourselves. A post written
 * onto a connection the server is closing at that moment fails with ECONNRESET, and a failed
 * post's outcome is unknown (the worker waits, then looks in the channel's history before it
 * posts again): so the connection must be closed by us, before the server does. Node 20's
 * agent shortens its idle timeout to a server's `Keep-Alive: timeout=N` hint (less a second)
 * only when the agent has a timeout of its own; without one it keeps idle connections forever
 * and the hint is ignored. 4 s is under the common server defaults (Node 5 s, Apache 5 s,
 * nginx 75 s, load balancers 60 s) for a server that sends no hint.
 */
const IDLE_SOCKET_MS = 4_000;

const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

interface Target {
  lib: typeof http | typeof https;
  options: http.RequestOptions;
}

/**
 * A URL's request options, worked out once: a sender posts to a handful of method URLs, and
 * parsing one per call (new URL, then node turning it back into options) was a visible share
 * of a replica's CPU per message.
 */
const targets = new Map<string, Target>();
function targetOf(url: string): Target {
  let t = targets.get(url);
  if (!t) {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    t = {
      lib: secure ? https : http,
      options: {
        protocol: u.protocol,
        hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: u.port || (secure ? 443 : 80),
        path: `${u.pathname}${u.search}`,
        method: 'POST',
        agent: secure ? agents['https:'] : agents['http:'],
        ...(u.username || u.password
          ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` }
          : {}),
      },
    };
    if (targets.size >= 64) targets.clear();
    targets.set(url, t);
  }
  return t;
}

export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostAnswer> {
  const { lib, options } = targetOf(url);
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let connected = false;
    let timedOut = false;
    const req = lib.request({
      ...options,
      headers: { ...headers, 'content-length': String(payload.length) },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('socket', (socket) => {
      // A kept-alive socket is connected already; a new one says so when it is.
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new PostFailed(error.message, error.code, timedOut, connected));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new PostFailed(error.message, error.code, timedOut, true));
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          header: (name) => {
            const v = res.headers[name.toLowerCase()];
            return Array.isArray(v) ? v[0] : v;
          },
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(payload);
  });
}
