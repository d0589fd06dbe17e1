import { afterAll, beforeAll, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/chat/local/slack-signing';
import { describeEachDatabase } from '../../helpers/database';
import {
  commandBody,
  postCommand,
  postEvent,
  postSigned,
  SIGNING_SECRET,
} from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, startHarness } from './harness';

const FORM = 'application/x-www-form-urlencoded';

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

  it('refuses a signature one digit off, of another version, or cut short, with 401', async () => {
    const raw = body();
    const now = Math.floor(Date.now() / 1000);
    const good = signSlackRequest(SIGNING_SECRET, now, raw);
    const last = good.at(-1) === '0' ? '1' : '0';
    for (const signature of [
      `${good.slice(0, -1)}${last}`,
      good.replace(/^v0=/, 'v1='),
      good.slice(0, -2),
      `${good}00`,
    ]) {
      const res = await postCommand(h.eventsUrl, raw, { timestamp: now, signature });
      expect(res.status, signature).toBe(401);
    }
    // The same bytes, stamp and signature are accepted: only the signature was wrong above.
    expect((await postCommand(h.eventsUrl, raw, { timestamp: now, signature: good })).status).toBe(
      200,
    );
  });

  it("answers Slack's signed ssl_check with an empty 200, and an unsigned one with 401", async () => {
    const res = await postSigned(h.eventsUrl, 'ssl_check=1&token=x', FORM);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const unsigned = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'ssl_check=1',
    });
    expect(unsigned.status).toBe(401);
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
      // Signed but not JSON at all: parsed once, by the guard, which answers 400 itself.
      ['{"type":', 'application/json'],
      ['payload=%7B%22type', 'application/x-www-form-urlencoded'],
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
