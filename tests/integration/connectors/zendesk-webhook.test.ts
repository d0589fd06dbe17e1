import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context';
import { ingestBatch } from '../../../src/app/ingest';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { zendeskSignature } from '../../../src/domain/connectors';
import { zendeskRoutes } from '../../../src/http/routes/webhooks-zendesk';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { settingsSchema } from '../../../src/settings';
import { describeEachDatabase, truncateAll } from '../../helpers/database';

const SECRET = 'dGhpcyBpcyBhIHNpZ25pbmcgc2VjcmV0';
const NOW = '2026-11-19T17:00:00Z';
const fixture = (name: string) => readFileSync(`tests/fixtures/zendesk/${name}.json`);

describeEachDatabase('Zendesk webhook', (get) => {
  let server: HttpServer;
  let base: string;
  let ctx: AppContext;

  beforeAll(async () => {
    const config = loadConfig({ ZENDESK_WEBHOOK_SECRET: SECRET });
    ctx = {
      db: get().db,
      config: {
        ...config,
        settings: settingsSchema.parse({
          connectors: { zendesk: { organizations: { '8447346622462': 'acme' } } },
        }),
      },
      clock: fixedClock(NOW),
      log: silentLogger,
    };
    server = createHttpServer(zendeskRoutes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await truncateAll(get());
    await ingestBatch(ctx, 'accounts', [{ external_id: 'acme', name: 'Acme' }]);
  });

  // As Zendesk sends it: the signature over the timestamp header and the exact body bytes.
  const deliver = (
    body: Buffer,
    opts: { timestamp?: string; secret?: string; signature?: string } = {},
  ) => {
    const timestamp = opts.timestamp ?? '2026-11-19T16:59:30Z';
    return fetch(`${base}/api/v1/webhooks/zendesk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5',
        'x-zendesk-webhook-signature':
          opts.signature ?? zendeskSignature(opts.secret ?? SECRET, timestamp, body),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
      body,
    });
  };
  const tickets = () =>
    ctx.db
      .selectFrom('tickets')
      .select(['external_id', 'priority', 'status', 'subject', 'opened_at', 'closed_at'])
      .execute();

  it('created, priority changed, solved: one ticket, its priority and status mapped', async () => {
    const created = await deliver(fixture('ticket-created'));
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ ok: true, ticket: 'zendesk:35436', written: 1 });
    expect(await tickets()).toEqual([
      {
        external_id: 'zendesk:35436',
        priority: 'high',
        status: 'open',
        subject: 'CSV export times out',
        opened_at: new Date('2026-11-19T09:12:45Z'),
        closed_at: null,
      },
    ]);
    expect((await deliver(fixture('ticket-priority-changed'))).status).toBe(200);
    expect(await tickets()).toMatchObject([{ priority: 'urgent', status: 'open' }]);
    expect((await deliver(fixture('ticket-status-changed'))).status).toBe(200);
    expect(await tickets()).toMatchObject([
      { priority: 'urgent', status: 'closed', closed_at: new Date('2026-11-19T16:40:03Z') },
    ]);
    // Zendesk retries a delivery it thinks failed: the same event again changes nothing.
    expect(await (await deliver(fixture('ticket-status-changed'))).json()).toMatchObject({
      written: 0,
    });
  });

  it('refuses a wrong secret, a tampered body, missing headers and an old timestamp', async () => {
    const body = fixture('ticket-created');
    expect((await deliver(body, { secret: 'other-secret' })).status).toBe(401);
    const tampered = Buffer.from(body.toString().replace('"HIGH"', '"LOW"'));
    const signed = zendeskSignature(SECRET, '2026-11-19T16:59:30Z', body);
    expect((await deliver(tampered, { signature: signed })).status).toBe(401);
    const bare = await fetch(`${base}/api/v1/webhooks/zendesk`, { method: 'POST', body });
    expect(bare.status).toBe(401);
    const old = await deliver(body, { timestamp: '2026-11-19T15:00:00Z' });
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ error: 'stale_signature' });
    expect(await tickets()).toEqual([]);
  });

  it('acknowledges and skips what it cannot place: other events, unknown organizations', async () => {
    const user = await deliver(fixture('user-active-changed'));
    expect(await user.json()).toMatchObject({ ignored: expect.stringContaining('not a ticket') });
    const elsewhere = Buffer.from(
      fixture('ticket-created').toString().replace('8447346622462', '999'),
    );
    expect(await (await deliver(elsewhere)).json()).toMatchObject({
      ignored: expect.stringContaining('organization 999'),
    });
    expect(await tickets()).toEqual([]);
    const state = await ctx.db
      .selectFrom('connector_state')
      .select(['received', 'skipped'])
      .where('connector', '=', 'zendesk')
      .executeTakeFirstOrThrow();
    expect(state).toEqual({ received: 2, skipped: 2 });
  });

  it('a status Tend does not know is refused with its reason (422), nothing written', async () => {
    const odd = Buffer.from(fixture('ticket-created').toString().replace('"OPEN"', '"ARCHIVED"'));
    const response = await deliver(odd);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ rows: [{ field: 'status' }] });
    expect(await tickets()).toEqual([]);
  });

  it('is not mounted without a signing secret', () => {
    expect(zendeskRoutes({ ...ctx, config: loadConfig({}) })).toEqual([]);
  });
});
