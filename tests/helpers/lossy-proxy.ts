import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A forwarding proxy in front of a real Tend that fails on demand, for clients' retry paths:
 * `failNext('before')` answers the next request 503 without forwarding it (Tend never sees
 * it); `failNext('after')` forwards it, lets Tend do the work, then answers 503 anyway (the
 * answer was lost on the way back). Every other request passes through unchanged.
 */
export async function startLossyProxy(target: string) {
  const plan: ('before' | 'after')[] = [];
  const seen: { path: string; status: number }[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const fault = plan.shift();
    if (fault === 'before') {
      seen.push({ path: req.url ?? '', status: 503 });
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) {
        headers[k] = v;
      }
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'POST',
      headers,
      body: req.method === 'GET' ? undefined : body,
    });
    const text = await upstream.text();
    if (fault === 'after') {
      seen.push({ path: req.url ?? '', status: 503 });
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    seen.push({ path: req.url ?? '', status: upstream.status });
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    failNext(how: 'before' | 'after') {
      plan.push(how);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
