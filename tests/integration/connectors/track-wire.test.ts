import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import type { AppContext } from '../../../src/app/context';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { trackRoutes } from '../../../src/http/routes/track';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { settingsSchema } from '../../../src/settings';
import { describeEachDatabase, truncateAll } from '../../helpers/database';

// The wire format as the libraries send it (a RudderStack batch as recorded from the client:
// gzipped, basic auth, `batch`, `sentAt`), plus the edges the libraries do not reach.

describeEachDatabase('tracking endpoint, wire format', (get, kind) => {
  let server: HttpServer;
  let base: string;
  let key: string;
  let ctx: AppContext;

  beforeAll(async () => {
    ctx = {
      db: get().db,
      config: {
        ...loadConfig({}),
        settings: settingsSchema.parse({
          timezone: 'America/Los_Angeles',
          connectors: { segment: { loginEvent: 'Logged In', coreFeatures: ['Export'] } },
        }),
      },
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
    server = createHttpServer(trackRoutes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await truncateAll(get());
    key = (await createApiKey(ctx, 'wire')).key;
  });

  const basic = (k: string) => `Basic ${Buffer.from(`${k}:`).toString('base64')}`;
  const post = (path: string, body: unknown, opts: { gzip?: boolean; auth?: string } = {}) => {
    const json = Buffer.from(JSON.stringify(body));
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: opts.auth ?? basic(key),
        'content-type': 'application/json',
        ...(opts.gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      body: opts.gzip ? gzipSync(json) : json,
    });
  };
  const group = (id: string, userId = 'u1') => ({
    type: 'group',
    messageId: `g-${id}-${userId}`,
    userId,
    groupId: id,
    traits: { name: `Account ${id}` },
    timestamp: '2026-11-19T08:00:00Z',
  });
  const track = (n: number, userId: string, event: string, timestamp: string, extra = {}) => ({
    type: 'track',
    messageId: `t-${n}`,
    userId,
    event,
    timestamp,
    ...extra,
  });
  const usage = () =>
    ctx.db
      .selectFrom('usage_daily')
      .select(['day', 'active_users', 'logins', 'core_features_used', 'core_features_total'])
      .orderBy('day')
      .execute();

  it('a recorded RudderStack batch (gzip) is taken; days are the team time zone', async () => {
    const recorded = {
      batch: [
        group('acme'),
        // 03:00 UTC on the 20th is still the 19th in Los Angeles.
        track(1, 'u1', 'Logged In', '2026-11-20T03:00:00.000Z', {
          context: { library: { name: 'analytics-node', version: '3.0.13' } },
          _metadata: { nodeVersion: '20.20.2' },
          originalTimestamp: '2026-11-20T03:00:00.000Z',
          anonymousId: 'a-1',
          channel: 'server',
          rudderId: 'ignored',
        }),
        track(2, 'u1', 'Export', '2026-11-20T09:00:00.000Z'),
      ],
      sentAt: '2026-11-20T09:00:01.000Z',
      timestamp: '2026-11-20T09:00:01.000Z',
    };
    const response = await post('/v1/batch', recorded, { gzip: true });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      success: true,
      received: 3,
      accepted: 3,
      duplicates: 0,
      skipped: 0,
    });
    expect(await usage()).toEqual([
      {
        day: '2026-11-19',
        active_users: 1,
        logins: 1,
        core_features_used: 0,
        core_features_total: 1,
      },
      {
        day: '2026-11-20',
        active_users: 1,
        logins: 0,
        core_features_used: 1,
        core_features_total: 1,
      },
    ]);
  });

  it('one bad message rejects the batch: 400 naming it, nothing written', async () => {
    const response = await post('/api/v1/batch', {
      batch: [
        group('acme'),
        track(1, 'u1', 'Logged In', '2026-11-19T09:00:00Z'),
        { type: 'track', messageId: 'bad-1', event: 'Logged In' },
        track(3, 'u1', 'Logged In', '2031-01-01T00:00:00Z'),
        { type: 'group', messageId: 'bad-2', userId: 'u9', groupId: 'nameless' },
      ],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { messages: { index: number; field: string }[] };
    expect(body.messages.map((m) => [m.index, m.field])).toEqual([
      [2, 'userId'],
      [3, 'timestamp'],
    ]);
    expect(await ctx.db.selectFrom('accounts').select('id').execute()).toEqual([]);
    // The schema check of the account rows comes next, with the same all-or-nothing.
    const nameless = await post('/api/v1/batch', {
      batch: [
        group('acme'),
        { type: 'group', messageId: 'bad-2', userId: 'u9', groupId: 'nameless' },
      ],
    });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({
      messages: [{ index: 1, field: 'name', reason: 'required' }],
    });
    expect(await ctx.db.selectFrom('accounts').select('id').execute()).toEqual([]);
    expect(await ctx.db.selectFrom('track_messages').select('message_id').execute()).toEqual([]);
  });

  it('single-message paths, a repeated messageId, and activity of no known account', async () => {
    expect((await post('/v1/group', group('acme'))).status).toBe(200);
    const one = track(1, 'u1', 'Logged In', '2026-11-19T09:00:00Z');
    expect(await (await post('/v1/track', one)).json()).toMatchObject({ accepted: 1 });
    expect(await (await post('/v1/track', one)).json()).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
    const stranger = track(2, 'nobody', 'Logged In', '2026-11-19T10:00:00Z');
    expect(await (await post('/v1/track', stranger)).json()).toMatchObject({ skipped: 1 });
    expect(await usage()).toMatchObject([{ active_users: 1, logins: 1 }]);
    // Once the user is grouped, the same message counts: a skipped one was not kept as seen.
    await post('/v1/group', group('acme', 'nobody'));
    expect(await (await post('/v1/track', stranger)).json()).toMatchObject({ accepted: 1 });
    expect(await usage()).toMatchObject([{ active_users: 2, logins: 2 }]);
    const wrongType = await post('/v1/track', { ...one, type: 'identify', messageId: 'x' });
    expect(wrongType.status).toBe(400);
  });

  it('refuses a missing or wrong key, a bearer key works too', async () => {
    expect((await post('/v1/batch', { batch: [] }, { auth: '' })).status).toBe(401);
    expect((await post('/v1/batch', { batch: [] }, { auth: basic('tend_wrong') })).status).toBe(
      401,
    );
    expect((await post('/v1/batch', { batch: [] }, { auth: `Bearer ${key}` })).status).toBe(200);
    const notGzip = await fetch(`${base}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basic(key), 'content-encoding': 'gzip' },
      body: '{"batch":[]}',
    });
    expect(notGzip.status).toBe(400);
  });

  it.runIf(kind === 'postgres')(
    'concurrent batches adding different users to one account-day miss none',
    async () => {
      await post('/v1/group', group('acme'));
      const batches = Array.from({ length: 20 }, (_, b) => ({
        batch: Array.from({ length: 10 }, (_, i) => ({
          type: 'track',
          messageId: `c-${b}-${i}`,
          userId: `user-${b}-${i}`,
          event: 'Logged In',
          timestamp: '2026-11-19T12:00:00Z',
          context: { groupId: 'acme' },
        })),
      }));
      // The same batches twice, at once: duplicates must not count either.
      const answers = await Promise.all([...batches, ...batches].map((b) => post('/v1/batch', b)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(await usage()).toMatchObject([{ day: '2026-11-19', active_users: 200, logins: 200 }]);
    },
  );
});
