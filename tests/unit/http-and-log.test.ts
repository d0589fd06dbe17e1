import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/routes/health';
import { createHttpServer } from '../../src/http/server';
import { createLogger, silentLogger } from '../../src/log';

describe('http server', () => {
  let up = true;
  const http = createHttpServer(
    [
      ...healthRoutes(async () => up),
      { method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('boom')) },
      { method: 'GET', path: '/things/:id', handler: (_q, res, p) => res.end(p.id) },
    ],
    silentLogger,
  );
  const listening = http.listen(0, '127.0.0.1');
  afterAll(() => http.close());

  it('answers /readyz 200 while the database answers and 503 when it does not', async () => {
    const { url } = await listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    up = false;
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, reason: 'database unreachable' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    up = true;
  });

  it('turns a handler crash into a 500 and keeps serving; 404 and 405 otherwise', async () => {
    const { url } = await listening;
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
    expect(await (await fetch(`${url}/things/a%20b`)).text()).toBe('a b');
    expect((await fetch(`${url}/things/%E0%A4%A`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('logger', () => {
  it('redacts tokens, passwords and authorization headers', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      {
        slack: { token: 'xoxb-123' },
        db: { password: 'hunter2' },
        headers: { authorization: 'Bearer abc' },
      },
      'hello',
    );
    expect(out).toContain('hello');
    expect(out).not.toContain('xoxb-123');
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('Bearer abc');
  });
});
