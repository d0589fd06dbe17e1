import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../../http/server';
import { sendJson } from '../../http/server';

// The local workspace acts as any user without a password: anything that can make the browser
// send it a request could act as Jane. Two ways in are closed here:
// - another site's page posting to it (a form or text/plain fetch needs no CORS preflight):
//   every state-changing request needs the per-page token, which only a page served by us
//   can read, and an Origin, when sent, must be this server's;
// - DNS rebinding (evil.example resolving to 127.0.0.1, so the browser deems it same-origin):
//   the Host header must be a loopback name, on every route including the page and its state.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The header the page sends its token in; a custom header also forces a CORS preflight. */
export const PAGE_TOKEN_HEADER = 'x-tend-page-token';

function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** True when the request names this machine by a loopback name (not a rebound domain). */
export function loopbackHost(req: IncomingMessage): boolean {
  const host = hostnameOf(req.headers.host ?? '');
  return host !== null && LOOPBACK_HOSTS.has(host);
}

/** True when there is no Origin, or it is this very server (scheme, loopback host, port). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const o = new URL(origin);
    return o.protocol === 'http:' && LOOPBACK_HOSTS.has(o.hostname) && o.host === req.headers.host;
  } catch {
    return false;
  }
}

export interface PageGuard {
  /** The page's token, put in the page for its script to send back. */
  token: string;
  /** Host check only: the page, its assets, its state and live stream. */
  read(handler: RouteHandler): RouteHandler;
  /** Host, Origin and token: everything that acts as a user. */
  write(handler: RouteHandler): RouteHandler;
}

const refuse = (res: ServerResponse, error: string, message: string) =>
  sendJson(res, 403, { error, message });

export function createPageGuard(): PageGuard {
  // One per process: the page is served fresh on every load, and a restart invalidates it.
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const tokenOk = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[PAGE_TOKEN_HEADER] ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const hostOk = (req: IncomingMessage, res: ServerResponse) => {
    if (loopbackHost(req)) return true;
    req.resume();
    refuse(res, 'bad_host', 'the local workspace answers only to localhost or 127.0.0.1');
    return false;
  };
  return {
    token,
    read: (handler) => (req, res, params) => {
      if (!hostOk(req, res)) return;
      return handler(req, res, params);
    },
    write: (handler) => (req, res, params) => {
      if (!hostOk(req, res)) return;
      if (!sameOrigin(req)) {
        req.resume();
        return refuse(res, 'bad_origin', 'requests from other sites are refused');
      }
      if (!tokenOk(req)) {
        req.resume();
        return refuse(res, 'bad_token', 'reload the page: its token is missing or stale');
      }
      return handler(req, res, params);
    },
  };
}
