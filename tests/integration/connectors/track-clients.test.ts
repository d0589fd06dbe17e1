import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import type { AppContext } from '../../../src/app/context';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { trackRoutes } from '../../../src/http/routes/track';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { settingsSchema } from '../../../src/settings';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { startLossyProxy } from '../../helpers/lossy-proxy';

// The official Segment and RudderStack server libraries, pointed at Tend (`host` /
// `dataPlaneUrl`), send real batches over HTTP; the assertions read what Tend stored.

const DAY = '2026-11-19';
const at = (hh: string) => new Date(`${DAY}T${hh}:00Z`);

describeEachDatabase('Segment-compatible tracking, official clients', (get) => {
  let server: HttpServer;
  let base: string;
  let key: string;
  let ctx: AppContext;

  beforeAll(async () => {
    const config = loadConfig({});
    ctx = {
      db: get().db,
      config: {
        ...config,
        settings: settingsSchema.parse({
          connectors: { segment: { coreFeatures: ['Report Built', 'Dashboard Shared'] } },
        }),
      },
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
    server = createHttpServer([...apiV1Routes(ctx), ...trackRoutes(ctx)], silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await truncateAll(get());
    key = (await createApiKey(ctx, `segment-${Date.now()}`)).key;
  });

  const usage = (externalId: string) =>
    ctx.db
      .selectFrom('usage_daily')
      .innerJoin('accounts', 'accounts.id', 'usage_daily.account_id')
      .select([
        'usage_daily.day',
        'active_users',
        'seats',
        'logins',
        'core_features_used',
        'core_features_total',
      ])
      .where('accounts.external_id', '=', externalId)
      .orderBy('usage_daily.day')
      .execute();

  const segment = (host: string, writeKey = key, extra: object = {}) =>
    new Analytics({ writeKey, host, flushAt: 20, flushInterval: 20, maxRetries: 3, ...extra });

  it('Segment: group creates the account, track rolls up into daily usage', async () => {
    const analytics = segment(base);
    analytics.group({
      userId: 'u1',
      groupId: 'acme',
      traits: {
        name: 'Acme Corp',
        plan: 'Enterprise',
        seats: 50,
        arr: 120000,
        owner_email: 'Dana@Tend.example',
        website: 'https://www.acme.example/about',
      },
      timestamp: at('08:00'),
    });
    analytics.group({ userId: 'u2', groupId: 'acme', timestamp: at('08:01') });
    for (const [user, event, hh] of [
      ['u1', 'Signed In', '09:00'],
      ['u1', 'Signed In', '13:00'],
      ['u1', 'Report Built', '09:05'],
      ['u2', 'signed in', '10:00'],
      ['u2', 'Settings Opened', '10:01'],
      ['u2', 'Report Built', '10:02'],
    ] as const) {
      analytics.track({ userId: user, event, timestamp: at(hh) });
    }
    // An event naming its account itself, from a user with no group call.
    analytics.track({
      userId: 'u3',
      event: 'Dashboard Shared',
      timestamp: at('11:00'),
      context: { groupId: 'acme' },
    } as never);
    await analytics.closeAndFlush();

    const account = await ctx.db
      .selectFrom('accounts')
      .select(['name', 'tier', 'arr', 'owner_email', 'domain'])
      .where('external_id', '=', 'acme')
      .executeTakeFirstOrThrow();
    expect(account).toEqual({
      name: 'Acme Corp',
      tier: 'Enterprise',
      arr: 120000,
      owner_email: 'dana@tend.example',
      domain: 'www.acme.example',
    });
    expect(await usage('acme')).toEqual([
      {
        day: DAY,
        active_users: 3,
        seats: 50,
        logins: 3,
        core_features_used: 2,
        core_features_total: 2,
      },
    ]);
    const state = await ctx.db
      .selectFrom('connector_state')
      .selectAll()
      .where('connector', '=', 'segment')
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({ received: 9, written: 9, duplicates: 0, rejected: 0 });
    expect(state.last_success_at).not.toBeNull();
  });

  it('Segment: a 503 before Tend sees the batch, and one after Tend stored it, count once', async () => {
    const proxy = await startLossyProxy(base);
    try {
      const analytics = segment(proxy.url);
      analytics.group({
        userId: 'u1',
        groupId: 'beta',
        traits: { name: 'Beta' },
        timestamp: at('08:00'),
      });
      await analytics.flush?.();
      proxy.failNext('before');
      proxy.failNext('after');
      for (let i = 0; i < 5; i++) {
        analytics.track({
          userId: 'u1',
          event: 'Signed In',
          timestamp: at(`0${i + 1}:00`.slice(-5)),
        });
      }
      await analytics.closeAndFlush();
      expect(proxy.seen.map((s) => s.status)).toContain(503);
      expect(proxy.seen.filter((s) => s.status === 503)).toHaveLength(2);
      const rows = await usage('beta');
      expect(rows).toMatchObject([{ day: DAY, active_users: 1, logins: 5 }]);
      const state = await ctx.db
        .selectFrom('connector_state')
        .select(['written', 'duplicates'])
        .where('connector', '=', 'segment')
        .executeTakeFirstOrThrow();
      // The batch Tend stored before its answer was lost came back once and changed nothing.
      expect(state.duplicates).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('Segment: a bad write key is refused and nothing is stored', async () => {
    const analytics = segment(base, 'tend_not-a-key');
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    analytics.group({
      userId: 'u1',
      groupId: 'ghost',
      traits: { name: 'Ghost' },
      timestamp: at('08:00'),
    });
    await analytics.closeAndFlush();
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { reason?: unknown }).reason ?? errors[0])).toContain('401');
    expect(await ctx.db.selectFrom('accounts').select('id').execute()).toEqual([]);
  });

  // Flushed by hand only (a long interval), so each test knows which request carries what.
  const rudderErrors: unknown[] = [];
  const rudder = (host: string, writeKey = key) =>
    new RudderAnalytics(writeKey, {
      dataPlaneUrl: host,
      flushAt: 100,
      flushInterval: 60_000,
      retryCount: 3,
      logLevel: 'error',
      errorHandler: (e: unknown) => rudderErrors.push(e),
    } as never);

  const flushRudder = (client: InstanceType<typeof RudderAnalytics>) =>
    new Promise<unknown>((resolve) => {
      client.flush((err?: unknown) => resolve(err));
    });

  it('RudderStack: gzipped batches roll up the same way', async () => {
    const client = rudder(base);
    client.group({
      userId: 'r1',
      groupId: 'gamma',
      traits: { name: 'Gamma', seats: '12' },
      timestamp: at('08:00'),
    });
    client.track({ userId: 'r1', event: 'Signed In', timestamp: at('09:00') });
    client.track({
      userId: 'r2',
      event: 'Dashboard Shared',
      timestamp: at('09:30'),
      context: { groupId: 'gamma' },
    } as never);
    client.identify({
      userId: 'r1',
      traits: { email: 'r1@gamma.example' },
      timestamp: at('09:31'),
    });
    expect(await flushRudder(client)).toBeFalsy();
    expect(await usage('gamma')).toEqual([
      {
        day: DAY,
        active_users: 2,
        seats: 12,
        logins: 1,
        core_features_used: 1,
        core_features_total: 2,
      },
    ]);
  });

  it('RudderStack: retries a 503 and the retry after a lost answer changes nothing', async () => {
    const proxy = await startLossyProxy(base);
    try {
      const client = rudder(proxy.url);
      client.group({
        userId: 'r1',
        groupId: 'delta',
        traits: { name: 'Delta' },
        timestamp: at('08:00'),
      });
      client.track({ userId: 'r1', event: 'Signed In', timestamp: at('09:00') });
      proxy.failNext('after');
      expect(await flushRudder(client)).toBeFalsy();
      // The library sends its first message at once (the group), then the rest on flush.
      expect(proxy.seen.map((s) => s.status)).toEqual([503, 200, 200]);
      expect(await usage('delta')).toMatchObject([{ active_users: 1, logins: 1 }]);
      const state = await ctx.db
        .selectFrom('connector_state')
        .select(['written', 'duplicates'])
        .where('connector', '=', 'segment')
        .executeTakeFirstOrThrow();
      expect(state).toEqual({ written: 2, duplicates: 1 });
      client.track({ userId: 'r1', event: 'Signed In', timestamp: at('10:00') });
      proxy.failNext('before');
      expect(await flushRudder(client)).toBeFalsy();
      expect(await usage('delta')).toMatchObject([{ active_users: 1, logins: 2 }]);
    } finally {
      await proxy.close();
    }
  });

  it('RudderStack: a bad write key is refused and nothing is stored', async () => {
    const client = rudder(base, 'tend_wrong');
    client.group({
      userId: 'r1',
      groupId: 'ghost',
      traits: { name: 'Ghost' },
      timestamp: at('08:00'),
    });
    rudderErrors.length = 0;
    await flushRudder(client);
    await vi.waitFor(() => expect(rudderErrors).toHaveLength(1));
    expect(String((rudderErrors[0] as { response?: { status?: number } }).response?.status)).toBe(
      '401',
    );
    expect(await ctx.db.selectFrom('accounts').select('id').execute()).toEqual([]);
  });
});
