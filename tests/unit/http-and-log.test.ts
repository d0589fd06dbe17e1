import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxBacklog } from '../../src/app/job-status';
import { createMetrics } from '../../src/http/metrics';
import { healthRoutes } from '../../src/http/routes/health';
import { metricsRoutes } from '../../src/http/routes/metrics';
import { createHttpServer } from '../../src/http/server';
import { createLogger, silentLogger } from '../../src/log';
import { freshEmbedded } from '../helpers/database';

describe('http server', () => {
  let up = true;
  const metrics = createMetrics(null);
  const http = createHttpServer(
    [
      ...healthRoutes(async () => up),
      ...metricsRoutes(metrics),
      { method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('boom')) },
      { method: 'GET', path: '/things/:id', handler: (_q, res, p) => res.end(p.id) },
    ],
    silentLogger,
    metrics,
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

  it('answers /readyz 503 in time when the database hangs (connects, never answers)', async () => {
    const hung = createHttpServer(
      healthRoutes(() => new Promise<boolean>(() => {}), 200),
      silentLogger,
    );
    const { url } = await hung.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({
        ok: false,
        reason: 'the database did not answer within 200 ms',
      });
    } finally {
      await hung.close();
    }
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

describe('metrics', () => {
  it('answers a scrape while the database is down, with tend_database_up 0', async () => {
    const handle = await freshEmbedded();
    const dbMetrics = createMetrics(() => outboxBacklog(handle));
    const live = await dbMetrics.registry.metrics();
    expect(live).toContain('tend_database_up 1');
    expect(live).toContain('tend_outbox_messages{status="pending"} 0');
    await handle.close();
    const down = await dbMetrics.registry.metrics();
    expect(down).toContain('tend_database_up 0');
    expect(down).not.toContain('tend_outbox_messages{');
  }, 60_000);

  it('counts requests by route pattern, never by raw path', async () => {
    const own = createMetrics(null);
    const http = createHttpServer(
      [
        ...metricsRoutes(own),
        { method: 'GET', path: '/things/:id', handler: (_q, res) => res.end('ok') },
      ],
      silentLogger,
      own,
    );
    const { url } = await http.listen(0, '127.0.0.1');
    try {
      await fetch(`${url}/things/1`);
      await fetch(`${url}/things/2`);
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toContain('tend_process_cpu_user_seconds_total');
      expect(text).toContain(
        'tend_http_requests_total{route="/things/:id",method="GET",status="200"} 2',
      );
      expect(text).not.toContain('/things/1');
    } finally {
      await http.close();
    }
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
