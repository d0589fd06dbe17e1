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

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
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
