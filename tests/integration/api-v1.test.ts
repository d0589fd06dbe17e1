import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/app/api-keys';
import type { AppContext } from '../../src/app/context';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';

describeEachDatabase('ingestion API', (get) => {
  let server: HttpServer;
  let base: string;
  let key: string;
  let ctx: AppContext;

  beforeAll(async () => {
    ctx = {
      db: get().db,
      config: loadConfig({}),
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
    server = createHttpServer(apiV1Routes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
    key = (await createApiKey(ctx, 'test')).key;
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const acme = { external_id: 'acme', name: 'Acme Corp', arr: 120000 };

  it('answers 401 without, with a wrong or with a revoked key', async () => {
    expect((await post('accounts', { rows: [acme] }, { authorization: '' })).status).toBe(401);
    const wrong = await post('accounts', { rows: [acme] }, { authorization: 'Bearer tend_nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized' });
    const other = await createApiKey(ctx, 'short-lived');
    const auth = { authorization: `Bearer ${other.key}` };
    expect((await post('accounts', { rows: [] }, auth)).status).toBe(200);
    await revokeApiKey(ctx, 'short-lived');
    expect((await post('accounts', { rows: [] }, auth)).status).toBe(401);
    const stored = await ctx.db.selectFrom('api_keys').select('hash').execute();
    expect(stored.map((s) => s.hash)).not.toContain(other.key);
  });

  it('stores a batch once: a repeated batch changes nothing', async () => {
    const first = await post('accounts', { rows: [acme] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, written: 1, unchanged: 0 });
    const again = await post('accounts', { rows: [acme] });
    expect(await again.json()).toEqual({ received: 1, written: 0, unchanged: 1 });
    const usage = { rows: [{ account_external_id: 'acme', day: '2026-11-19', active_users: 4 }] };
    expect(await (await post('usage', usage)).json()).toMatchObject({ written: 1 });
    expect(await (await post('usage', usage)).json()).toMatchObject({ written: 0 });
  });

  it('answers 422 listing every bad row, and writes nothing', async () => {
    const response = await post('tickets', {
      rows: [
        {
          external_id: 'T-1',
          account_external_id: 'acme',
          priority: 'high',
          status: 'open',
          opened_at: '2026-11-01',
        },
        {
          external_id: 'T-2',
          account_external_id: 'ghost',
          priority: 'high',
          status: 'open',
          opened_at: '2026-11-01',
        },
        {
          external_id: 'T-3',
          account_external_id: 'acme',
          priority: 'meh',
          status: 'open',
          opened_at: 'yesterday',
        },
      ],
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'invalid_rows',
      rows: [
        { index: 1, field: 'account_external_id', reason: 'unknown account' },
        { index: 2, field: 'priority', reason: 'must be one of low, normal, high, urgent' },
        {
          index: 2,
          field: 'opened_at',
          reason: 'must be a time with an offset like 2026-11-02T14:30:00Z, or a day',
        },
      ],
    });
    expect(await ctx.db.selectFrom('tickets').select('id').execute()).toEqual([]);
  });

  it('answers 400, 413 and 415 for bodies it cannot take', async () => {
    expect((await post('usage', '{"rows": [')).status).toBe(400);
    expect((await post('usage', { data: [] })).status).toBe(400);
    expect((await post('usage', [])).status).toBe(400);
    const notUtf8 = await fetch(`${base}/api/v1/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(notUtf8.status).toBe(400);
    expect((await post('usage', { rows: [] }, { 'content-type': 'text/csv' })).status).toBe(415);
    const many = { rows: Array.from({ length: 10_001 }, () => ({})) };
    const tooMany = await post('usage', many);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ error: 'too_many_rows', limit_rows: 10_000 });
    const huge = await post('usage', `{"rows":[],"pad":"${'x'.repeat(17 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
  });

  it('recomputes health right after ingestion', async () => {
    await post('accounts', { rows: [{ external_id: 'fresh', name: 'Fresh Co' }] });
    const usage = [{ account_external_id: 'fresh', day: '2026-11-19', active_users: 9, seats: 10 }];
    expect((await post('usage', { rows: usage })).status).toBe(200);
    const headers = { authorization: `Bearer ${key}` };
    const response = await fetch(`${base}/api/v1/accounts/fresh/health`, { headers });
    expect(await response.json()).toMatchObject({
      account: { external_id: 'fresh', health_stale: false },
      snapshot: { day: '2026-11-20', score: expect.any(Number) },
    });
  });

  it('serves the latest health snapshot, or 404 for an unknown account', async () => {
    const headers = { authorization: `Bearer ${key}` };
    const unknown = await fetch(`${base}/api/v1/accounts/nobody/health`, { headers });
    expect(unknown.status).toBe(404);
    // Written straight to the table: no ingestion, so no recompute.
    const { id } = await ctx.db
      .insertInto('accounts')
      .values({ external_id: 'manual', name: 'Manual Co' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await fetch(`${base}/api/v1/accounts/manual/health`, { headers });
    expect(await before.json()).toMatchObject({
      account: { external_id: 'manual' },
      snapshot: null,
    });
    for (const [day, score] of [
      ['2026-11-18', 80],
      ['2026-11-19', 55],
    ] as const) {
      await sql`insert into health_snapshots (account_id, day, score, band, measures, drivers)
        values (${id}, ${day}, ${score}, 'yellow', '[]'::jsonb,
          '[{"text":"logins fell 42% in 30 days"}]'::jsonb)`.execute(ctx.db);
    }
    const response = await fetch(`${base}/api/v1/accounts/manual/health`, { headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      account: { external_id: 'manual', name: 'Manual Co', health_stale: true },
      snapshot: { day: '2026-11-19', score: 55, band: 'yellow', measures: [] },
    });
    const noKey = await fetch(`${base}/api/v1/accounts/manual/health`);
    expect(noKey.status).toBe(401);
  });

  it('serves an OpenAPI 3.1 description built from the row schemas', async () => {
    const response = await fetch(`${base}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, { post?: { requestBody: unknown } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/api/v1/accounts',
      '/api/v1/usage',
      '/api/v1/tickets',
      '/api/v1/surveys',
      '/api/v1/accounts/{externalId}/health',
      '/api/v1/accounts/{externalId}/timeline',
      '/api/v1/accounts/{externalId}/plan',
      '/api/v1/accounts/{externalId}/playbooks',
      '/api/v1/batch',
      '/api/v1/webhooks/zendesk',
      '/api/v1/metrics',
    ]);
    expect(JSON.stringify(doc.paths['/api/v1/usage'])).toContain('account_external_id');
  });
});
