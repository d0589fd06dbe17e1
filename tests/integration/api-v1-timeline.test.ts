import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys';
import type { AppContext } from '../../src/app/context';
import { logTouch } from '../../src/app/timeline';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/fixtures';

// The timeline export: GET /api/v1/accounts/:externalId/timeline with the API key, paged,
// described in the OpenAPI document.
describeEachDatabase('API: account timeline export', (get) => {
  let server: HttpServer;
  let base: string;
  let key: string;

  beforeAll(async () => {
    const ctx: AppContext = {
      db: get().db,
      config: loadConfig({}),
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
    server = createHttpServer(apiV1Routes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
    key = (await createApiKey(ctx, 'test')).key;
    const acme = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    await get()
      .db.insertInto('follow_ups')
      .values({
        account_id: acme,
        title: 'send the QBR deck',
        created_by: 'ann@tend.test',
        created_at: new Date('2026-11-18T09:00:00Z'),
      })
      .execute();
    await logTouch(ctx, {
      accountId: acme,
      text: 'qbr with the CFO',
      loggedBy: 'Ann',
      platform: 'api-test',
      at: new Date('2026-11-19T09:00:00Z'),
      requestKey: null,
    });
    await logTouch(ctx, {
      accountId: acme,
      text: 'Renewal looks safe',
      kind: 'message',
      loggedBy: 'Ann',
      author: 'Bob',
      link: 'https://tend.slack.com/archives/C1/p1',
      platform: 'slack',
      at: new Date('2026-11-20T09:00:00Z'),
      requestKey: null,
    });
  });
  afterAll(() => server.close());

  const get_ = (path: string, auth = true) =>
    fetch(`${base}${path}`, auth ? { headers: { authorization: `Bearer ${key}` } } : {});

  it('answers the entries newest first, paged, with the total', async () => {
    const res = await get_('/api/v1/accounts/acme/timeline?days=30&limit=2');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      account: { externalId: 'acme', name: 'Acme Corp' },
      days: 30,
      total: 3,
      offset: 0,
      entries: [
        {
          at: '2026-11-20T09:00:00.000Z',
          kind: 'message',
          text: 'Renewal looks safe',
          by: 'Bob',
          link: 'https://tend.slack.com/archives/C1/p1',
        },
        {
          at: '2026-11-19T09:00:00.000Z',
          kind: 'qbr',
          text: 'qbr with the CFO',
          by: 'Ann',
          link: null,
        },
      ],
    });
    const next = await (
      await get_('/api/v1/accounts/acme/timeline?days=30&limit=2&offset=2')
    ).json();
    expect(next).toMatchObject({
      total: 3,
      entries: [{ kind: 'follow-up', text: 'send the QBR deck', by: 'ann@tend.test' }],
    });
    const past = await (await get_('/api/v1/accounts/acme/timeline?offset=10')).json();
    expect(past).toMatchObject({ total: 3, entries: [] });
  });

  it('refuses without a key (401), an unknown account (404) and a bad query (400)', async () => {
    expect((await get_('/api/v1/accounts/acme/timeline', false)).status).toBe(401);
    expect((await get_('/api/v1/accounts/nope/timeline')).status).toBe(404);
    const bad = await get_('/api/v1/accounts/acme/timeline?days=0');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_query' });
    expect((await get_('/api/v1/accounts/acme/timeline?since=x')).status).toBe(400);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await get_('/api/v1/openapi.json', false)).json()) as {
      paths: Record<string, { get?: { operationId: string } }>;
    };
    expect(doc.paths['/api/v1/accounts/{externalId}/timeline']?.get?.operationId).toBe(
      'account_timeline',
    );
  });
});
