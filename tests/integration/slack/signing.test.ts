import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postEvent, postSigned } from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, startHarness } from './harness';

describeEachDatabase('slack request signing', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());

  const body = () =>
    commandBody({
      command: '/health',
      text: 'acme',
      user_id: ANN.id,
      trigger_id: nextTrigger(),
      response_url: h.emulator.responseUrl(),
    });

  it('answers a correctly signed request', async () => {
    expect((await postCommand(h.eventsUrl, body())).status).toBe(200);
  });

  it('refuses a forged signature with 401', async () => {
    const res = await postCommand(h.eventsUrl, body(), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    const junk = await postCommand(h.eventsUrl, body(), { signature: 'v0=deadbeef' });
    expect(junk.status).toBe(401);
  });

  it('refuses a timestamp older than five minutes with 401, even when signed', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postCommand(h.eventsUrl, body(), { timestamp: old })).status).toBe(401);
  });

  it('refuses a request without signature headers', async () => {
    const res = await fetch(h.eventsUrl, { method: 'POST', body: body() });
    expect(res.status).toBe(401);
  });

  it('answers the url_verification challenge', async () => {
    const res = await postEvent(h.eventsUrl, { type: 'url_verification', challenge: 'c-123' });
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });

  it('survives signed bodies that are not objects (a signed null once ended the process)', async () => {
    const shapes = [
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['42', 'application/json'],
      ['"text"', 'application/json'],
      ['payload=null', 'application/x-www-form-urlencoded'],
      ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ] as const;
    for (const [raw, type] of shapes) {
      const res = await postSigned(h.eventsUrl, raw, type);
      expect(res.status, raw).toBe(400);
    }
    // Still serving: a real command after them is answered.
    expect((await postCommand(h.eventsUrl, body())).status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 before reading it', async () => {
    const res = await postSigned(
      h.eventsUrl,
      `text=${'a'.repeat(1024 * 1024 + 10)}`,
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(413);
    expect((await postCommand(h.eventsUrl, body())).status).toBe(200);
  });

  it('checked the token at start against the Web API stand-in', () => {
    expect(h.emulator.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });
});
