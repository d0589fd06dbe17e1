import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postEvent } from '../../helpers/slack-signing';
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
      response_url: h.standIn.responseUrl(),
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

  it('checked the token at start against the Web API stand-in', () => {
    expect(h.standIn.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });
});
