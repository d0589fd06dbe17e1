import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { busyAnswer } from '../app/busy-answer';
import { userError } from '../app/user-error';
import type { Logger } from '../log';
import type { Metrics } from './metrics';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | '*';
  /** An exact path, or a pattern like '/api/v1/accounts/:externalId/health'. */
  path: string;
  handler: RouteHandler;
}

interface CompiledRoute extends Route {
  match(path: string): Record<string, string> | null;
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return {
    ...route,
    match(path) {
      const m = regex.exec(path);
      if (!m) return null;
      try {
        return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      } catch {
        // A malformed escape (%E0%A4%A) cannot name anything: treat it as no match (404).
        return null;
      }
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export interface HttpServer {
  server: Server;
  listen(port: number, host: string): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

/** The listen errors a person can fix, worded in the catalogs (listen.failed). */
const LISTEN_ERRORS = ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'];

/**
 * A small router over node:http. Bolt's receiver and Bot Framework's adapter both want the raw
 * request (they read and verify the body themselves), which a framework would get in the way of.
 */
export function createHttpServer(routes: Route[], log: Logger, metrics?: Metrics): HttpServer {
  const compiled = routes.map(compile);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let allowed = false;
    for (const route of compiled) {
      const params = route.match(path);
      if (!params) continue;
      if (route.method !== '*' && route.method !== req.method) {
        allowed = true;
        continue;
      }
      if (metrics) {
        const started = performance.now();
        res.once('finish', () =>
          metrics.observeRequest(
            route.path,
            req.method ?? '',
            res.statusCode,
            (performance.now() - started) / 1000,
          ),
        );
      }
      try {
        await route.handler(req, res, params);
      } catch (error) {
        const busy = busyAnswer(error);
        if (busy && !res.headersSent) {
          log.warn({ err: error, path }, 'request answered 503: database busy');
          res.setHeader('retry-after', String(busy.retryAfterS));
          sendJson(res, 503, { error: busy.error, message: busy.message });
          return;
        }
        log.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.end();
      }
      return;
    }
    sendJson(res, allowed ? 405 : 404, { error: allowed ? 'method_not_allowed' : 'not_found' });
  });
  // Slack keeps connections open; a short keep-alive would reset them under load.
  server.keepAliveTimeout = 65_000;
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        // EADDRINUSE, EACCES, EADDRNOTAVAIL: a user's mistake, said in one line.
        const failed = (error: NodeJS.ErrnoException) =>
          reject(
            userError('listen_failed', 'listen.failed', {
              host,
              port,
              code: LISTEN_ERRORS.includes(error.code ?? '') ? (error.code as string) : 'other',
              reason: error.message,
            }),
          );
        server.once('error', failed);
        server.listen(port, host, () => {
          server.off('error', failed);
          const address = server.address() as AddressInfo;
          const shownHost = address.address.includes(':')
            ? `[${address.address}]`
            : address.address;
          resolve({
            port: address.port,
            host: address.address,
            url: `http://${shownHost}:${address.port}`,
          });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      }),
  };
}
