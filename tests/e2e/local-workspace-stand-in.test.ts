import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideLocalWorkspace } from '../../src/chat/local/workspace';
import { loadConfig } from '../../src/config';
import { type RunningService, startService } from '../../src/main';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';

const decide = (env: Record<string, string>) =>
  decideLocalWorkspace(loadConfig({ TEND_DATA_DIR: '/nonexistent', ...env }));

describe('when the local workspace is on', () => {
  it('is on with no platform credentials on loopback', () => {
    expect(decide({})).toEqual({ on: true, slack: true });
  });

  it('is off when Slack or Teams credentials are set', () => {
    expect(decide({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).on).toBe(false);
    expect(decide({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' }).on).toBe(false);
    expect(decide({ MicrosoftAppId: 'app' }).on).toBe(false);
  });

  it('stays off on a non-loopback address, says why, and refuses to be forced on there', () => {
    const auto = decide({ DATABASE_URL: 'postgres://x@db/tend' });
    expect(auto.on).toBe(false);
    expect(auto.note).toMatch(/HOST is 0\.0\.0\.0.*HOST=127\.0\.0\.1/);
    expect(() => decide({ HOST: '0.0.0.0', TEND_LOCAL_WORKSPACE: 'on' })).toThrow(
      /TEND_LOCAL_WORKSPACE: 'on' is refused because HOST is 0\.0\.0\.0, not a loopback address/,
    );
  });

  it('is off when turned off, and cannot be forced on beside real Slack or Teams credentials', () => {
    expect(decide({ TEND_LOCAL_WORKSPACE: 'off' }).on).toBe(false);
    expect(() =>
      decide({ TEND_LOCAL_WORKSPACE: 'on', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's' }),
    ).toThrow(/refused because Slack credentials are set/);
    expect(() => decide({ TEND_LOCAL_WORKSPACE: 'on', MicrosoftAppId: 'app' })).toThrow(
      /refused because MicrosoftAppId is set/,
    );
  });
});

describe('the Slack stand-in behind the local workspace', () => {
  let dir: string;
  let service: RunningService;
  let base: string;
  const api = (method: string, body: Record<string, unknown>, token?: string) =>
    fetch(new URL(`/local/slack/api/${method}`, base), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  // The page's own token, read from the page as its script does.
  let token = '';
  const page = (path: string, body: unknown) =>
    fetch(new URL(path, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tend-page-token': token },
      body: JSON.stringify(body),
    });
  /** A raw HTTP request (fetch will not send a Host or Origin of our choosing). */
  const raw = (
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string },
  ) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, base);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, ...options },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  const messagesJaneSees = async () => {
    const state = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      messages: Record<string, { text: string; files?: unknown[] }[]>;
    };
    // A chart a /health answer uploads to the DM comes after the answer, whenever it is drawn:
    // counted apart, so it cannot pass for a request that got through.
    return Object.values(state.messages)
      .flat()
      .filter((m) => !m.files?.length).length;
  };

  beforeAll(async () => {
    dir = tempDir('tend-local-');
    await prepareDataDir(dir, async (handle) => {
      await insertAccount(handle.db, {
        external_id: 'acme',
        name: 'Acme Corp',
        owner_email: 'jane@tend.example',
      });
      await insertAccount(handle.db, {
        external_id: 'globex',
        name: 'Globex',
        owner_email: 'bob@tend.example',
      });
    });
    service = await startService(
      loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    );
    base = service.workspaceUrl ?? '';
    const html = await (await fetch(base)).text();
    token = /name="tend-page-token" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(token).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses Web API calls without the bot token, like Slack', async () => {
    expect(await api('auth.test', {})).toEqual({ ok: false, error: 'not_authed' });
    expect(await api('auth.test', {}, 'xoxb-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('answers the page with the account owners as users, and refuses bad requests', async () => {
    const state = (await (await fetch(new URL('/local/state', base))).json()) as {
      users: { id: string; email: string }[];
    };
    expect(state.users).toEqual([
      { id: 'UJANE', email: 'jane@tend.example', name: 'Jane' },
      { id: 'UBOB', email: 'bob@tend.example', name: 'Bob' },
    ]);
    expect((await page('/local/slack/send', { user: 'nobody', text: '/health' })).status).toBe(400);
    const click = await page('/local/slack/click', {
      user: 'UJANE',
      source: { channel: 'C0CSTEAM', ts: '1.000001' },
      blockId: 'b',
      actionId: 'a',
    });
    expect(click.status).toBe(404);
    const shortcut = (callbackId: string) =>
      page('/local/slack/shortcut', {
        user: 'UJANE',
        channel: 'C0CSTEAM',
        ts: '1.000001',
        callbackId,
      });
    expect((await shortcut('log_to_account')).status).toBe(404);
    expect((await shortcut('delete_everything')).status).toBe(400);
    expect((await page('/local/jobs/nightly', {})).status).toBe(404);
  });

  it('runs a job now on each click, once per click, and says what it sent', async () => {
    const run = async (key: number) => {
      const r = await page('/local/jobs/risk', { key });
      expect(r.status).toBe(200);
      return ((await r.json()) as { summary: string }).summary;
    };
    const click = Date.now();
    // The scheduler has usually claimed the current slot already: a click still runs.
    expect(await run(click)).toMatch(
      /^Risk check: \d+ accounts? checked, \d+ new alerts?, \d+ messages? sent; \d+ alerts? already open$/,
    );
    expect(await run(click)).toBe('Risk check: this request already ran; nothing new to send');
    expect(await run(click + 1)).toMatch(/^Risk check: \d+ accounts? checked, 0 new alerts/);
    expect((await page('/local/jobs/digest', { key: click })).status).toBe(200);
    const stale = await page('/local/jobs/renewals', { key: click - 3_600_000 });
    expect(stale.status).toBe(400);
    // Every job of jobs/definitions.ts is on the page's menu.
    const signals = await page('/local/jobs/signals', { key: click });
    expect(((await signals.json()) as { summary: string }).summary).toMatch(
      /^Fresh signals: \d+ accounts? with new data checked/,
    );
    const hubspot = await page('/local/jobs/hubspot', { key: click });
    expect(((await hubspot.json()) as { summary: string }).summary).toMatch(
      /^HubSpot sync failed: set HUBSPOT_ACCESS_TOKEN/,
    );
  });

  it('serves only its own assets', async () => {
    expect((await fetch(new URL('/local/web/app.js', base))).status).toBe(200);
    expect((await fetch(new URL('/local/web/..%2F..%2Fconfig.ts', base))).status).toBe(404);
    expect((await fetch(new URL('/local/vendor/adaptivecards.js', base))).status).toBe(200);
  });

  it('keeps a private answer private and a plain message public', async () => {
    const seenBy = async (user: string) => {
      const state = (await (await fetch(new URL(`/local/state?user=${user}`, base))).json()) as {
        messages: Record<string, { text: string; ephemeralTo?: string }[]>;
      };
      return state.messages.C0CSTEAM ?? [];
    };
    expect(
      (
        await page('/local/slack/send', {
          user: 'UJANE',
          channel: 'C0CSTEAM',
          text: '/health acme',
        })
      ).status,
    ).toBe(200);
    expect(
      (await page('/local/slack/send', { user: 'UJANE', channel: 'C0CSTEAM', text: 'hello team' }))
        .status,
    ).toBe(200);
    // The answer may follow the request: wait for it in Jane's view.
    let jane = await seenBy('UJANE');
    for (let i = 0; i < 50 && !jane.some((m) => m.text.includes('Acme Corp')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      jane = await seenBy('UJANE');
    }
    const answer = jane.find((m) => m.text.includes('Acme Corp'));
    expect(answer?.ephemeralTo).toBe('UJANE');
    expect(jane.find((m) => m.text === 'hello team')?.ephemeralTo).toBeUndefined();
    // Bob, in the same channel, sees Jane's plain message and not her private answer.
    const bob = await seenBy('UBOB');
    expect(bob.some((m) => m.text === 'hello team')).toBe(true);
    expect(bob.some((m) => m.text.includes('Acme Corp'))).toBe(false);
  });

  it('answers "@Tend <question>" in a channel and a question in the app DM', async () => {
    const seen = async (user: string) =>
      (
        (await (await fetch(new URL(`/local/state?user=${user}`, base))).json()) as {
          messages: Record<string, { text: string; ephemeralTo?: string }[]>;
        }
      ).messages;
    const waitFor = async (user: string, match: (t: string) => boolean) => {
      for (let i = 0; i < 50; i++) {
        const found = Object.entries(await seen(user)).flatMap(([channel, ms]) =>
          ms.filter((m) => match(JSON.stringify(m))).map((m) => ({ channel, ...m })),
        );
        if (found.length > 0) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      return [];
    };
    const asked = await page('/local/slack/send', {
      user: 'UJANE',
      channel: 'C0CSTEAM',
      text: '@Tend how many accounts are red?',
    });
    expect(asked.status).toBe(200);
    const [answer] = await waitFor('UJANE', (t) => t.includes('count · red'));
    expect(answer?.ephemeralTo).toBe('UJANE');
    // The app's DM with Jane (a user id names it, as in chat.postMessage).
    await page('/local/slack/send', { user: 'UJANE', channel: 'UJANE', text: '阿克米怎么样' });
    // A question asked in Chinese is answered, and summarised, in Chinese.
    const [reply] = await waitFor('UJANE', (t) => t.includes('健康状况：阿克米'));
    expect(reply?.channel).toBe('DJANE');
  });

  it('refuses another Host, another Origin, and a POST without the page token (403)', async () => {
    const before = await messagesJaneSees();
    const send = JSON.stringify({ user: 'UJANE', channel: 'C0CSTEAM', text: '/followup acme x' });
    const json = { 'content-type': 'application/json' };
    const host = new URL(base).host;
    // A text/plain form post from another site: no preflight, so only the token stops it.
    const crossSite = await raw('/local/slack/send', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: send,
    });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await raw('/local/slack/send', {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example', 'x-tend-page-token': token },
      body: send,
    });
    expect(otherOrigin.status).toBe(403);
    expect(JSON.parse(otherOrigin.body).error).toBe('bad_origin');
    const noToken = await raw('/local/slack/send', {
      method: 'POST',
      headers: { ...json, origin: `http://${host}` },
      body: send,
    });
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.body).error).toBe('bad_token');
    const wrongToken = await raw('/local/jobs/risk', {
      method: 'POST',
      headers: { ...json, 'x-tend-page-token': `${token}x` },
      body: '{}',
    });
    expect(wrongToken.status).toBe(403);
    // DNS rebinding: evil.example resolving to 127.0.0.1 sends its own name as Host.
    for (const path of ['/', '/local/state?user=UJANE', '/local/web/app.js']) {
      const rebound = await raw(path, { headers: { host: `evil.example:${new URL(base).port}` } });
      expect(rebound.status, path).toBe(403);
    }
    const reboundPost = await raw('/local/slack/send', {
      method: 'POST',
      headers: { ...json, host: 'evil.example', 'x-tend-page-token': token },
      body: send,
    });
    expect(reboundPost.status).toBe(403);
    // Nothing reached the workspace; the same request from the page itself works.
    await new Promise((r) => setTimeout(r, 200));
    expect(await messagesJaneSees()).toBe(before);
    const sameOrigin = await raw('/local/slack/send', {
      method: 'POST',
      headers: { ...json, origin: `http://${host}`, 'x-tend-page-token': token },
      body: JSON.stringify({ user: 'UJANE', channel: 'C0CSTEAM', text: 'from the page' }),
    });
    expect(sameOrigin.status).toBe(200);
    expect((await raw('/', { headers: { host: `localhost:${new URL(base).port}` } })).status).toBe(
      200,
    );
  });

  it('stores typed text escaped as Slack does, and sends commands escaped to the app', async () => {
    const typed = 'see <http://evil.example|our docs> & <!channel>';
    expect(
      (await page('/local/slack/send', { user: 'UJANE', channel: 'C0CSTEAM', text: typed })).status,
    ).toBe(200);
    const command = '/followup acme ask <CFO> & CTO';
    expect(
      (await page('/local/slack/send', { user: 'UJANE', channel: 'C0CSTEAM', text: command }))
        .status,
    ).toBe(200);
    const state = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      messages: Record<string, { text: string }[]>;
    };
    const texts = (state.messages.C0CSTEAM ?? []).map((m) => m.text);
    expect(texts).toContain('see &lt;http://evil.example|our docs&gt; &amp; &lt;!channel&gt;');
    // The app got the command unescaped back to what was typed.
    expect(texts.some((t) => t.includes('Follow-up recorded') && t.includes('ask'))).toBe(true);
    const followUps = await (await fetch(new URL('/local/state?user=UJANE', base))).text();
    expect(followUps).toContain('ask &lt;CFO&gt; &amp; CTO');
  });

  it('answers over-long text with a sentence, not a raw validation error', async () => {
    const res = await page('/local/slack/send', {
      user: 'UJANE',
      channel: 'C0CSTEAM',
      text: `/health ${'a'.repeat(5000)}`,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toBe(
      'That message is too long: at most 4,000 characters, please shorten it.',
    );
    const teams = await page('/local/teams/send', { user: 'UJANE', text: 'x'.repeat(5000) });
    expect(((await teams.json()) as { message: string }).message).toMatch(/too long/);
  });
});
