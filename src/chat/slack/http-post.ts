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

export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostAnswer> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let connected = false;
    let timedOut = false;
    const req = lib.request(target, {
      method: 'POST',
      agent,
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
