import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { type Harness, personal, startHarness } from './harness';

describeEachDatabase('Teams authentication and tenants', (get) => {
  let secured: Harness;
  let tenants: Harness;
  beforeAll(async () => {
    secured = await startHarness(get(), {
      MicrosoftAppId: '00000000-0000-0000-0000-00000000abcd',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    tenants = await startHarness(get(), { TEAMS_ALLOWED_TENANTS: 'Tenant-One, tenant-two' });
  });
  afterAll(async () => {
    await secured.close();
    await tenants.close();
  });

  const count = async () =>
    (await get().db.selectFrom('teams_conversations').select('conversation_key').execute()).length;

  it('with an app id, refuses a request without a token (401) and does nothing', async () => {
    const res = await secured.post(personal('help'));
    expect(res.status).toBe(401);
    expect(secured.standIn.calls).toHaveLength(0);
    expect(await count()).toBe(0);
  });

  it('with an app id, refuses a malformed or foreign token (401)', async () => {
    // Bot Framework's CloudAdapter console.errors each refused token with its stack: expected
    // here, so it is caught (and checked) rather than printed as if a test had failed.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const garbage = await secured.post(personal('help'), { authorization: 'Bearer not.a.jwt' });
    expect(garbage.status).toBe(401);
    // A well-formed JWT from an issuer Bot Framework does not trust.
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({
      iss: 'https://evil.example',
      aud: '00000000-0000-0000-0000-00000000abcd',
      exp: 4_000_000_000,
    })}.c2ln`;
    const foreign = await secured.post(personal('help'), { authorization: `Bearer ${forged}` });
    expect(foreign.status).toBe(401);
    expect(secured.standIn.calls).toHaveLength(0);
    expect(printed.mock.calls.map(([e]) => (e as { statusCode?: number }).statusCode)).toEqual(
      printed.mock.calls.map(() => 401),
    );
    printed.mockRestore();
  });

  it('with an app id and the token service unreachable, answers 503 and logs one line, no stack', async () => {
    // A well-formed token from Bot Framework's own issuer: checking it needs the OpenID
    // metadata from login.botframework.com, which this machine cannot reach (no internet, as
    // in an outage of Microsoft's token service).
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({
      iss: 'https://api.botframework.com',
      aud: '00000000-0000-0000-0000-00000000abcd',
      exp: 4_000_000_000,
    })}.c2ln`;
    const printed: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => printed.push(args);
    try {
      const res = await secured.post(personal('help'), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      const garbage = await secured.post(personal('help'), { authorization: 'Bearer not.a.jwt' });
      expect(garbage.status).toBe(401);
    } finally {
      console.error = original;
    }
    expect(printed).toEqual([]);
    expect(secured.standIn.calls).toHaveLength(0);
    expect(await count()).toBe(0);
  });

  it('refuses activities from a tenant outside the allow-list (403), serves listed ones', async () => {
    const other = personal('help', {
      conversation: { id: 'a:other', conversationType: 'personal', tenantId: 'tenant-evil' },
      channelData: { tenant: { id: 'tenant-evil' } },
    });
    const refused = await tenants.post(other);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'tenant_not_allowed' });
    const none = personal('help', {
      conversation: { id: 'a:none', conversationType: 'personal' },
      channelData: {},
    });
    expect((await tenants.post(none)).status).toBe(403);
    expect(tenants.standIn.calls).toHaveLength(0);
    expect(await count()).toBe(0);
    // Tenant ids compare case-insensitively (GUIDs are written both ways).
    expect((await tenants.post(personal('help'))).status).toBe(200);
    expect(tenants.standIn.calls).toHaveLength(1);
  });

  it('answers 415 to a body that is not JSON', async () => {
    const res = await fetch(`${tenants.url}/api/messages`, { method: 'POST', body: 'hello' });
    expect(res.status).toBe(415);
  });
});
