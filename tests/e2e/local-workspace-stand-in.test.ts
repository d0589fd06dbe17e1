import { rmSync } from 'node:fs';
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

  it('stays off on a non-loopback address unless asked, and says why', () => {
    const auto = decide({ DATABASE_URL: 'postgres://x@db/tend' });
    expect(auto.on).toBe(false);
    expect(auto.note).toMatch(/HOST is 0\.0\.0\.0.*TEND_LOCAL_WORKSPACE=on/);
    const forced = decide({ HOST: '0.0.0.0', TEND_LOCAL_WORKSPACE: 'on' });
    expect(forced.on).toBe(true);
    expect(forced.note).toMatch(/anyone who reaches this port/);
  });

  it('is off when turned off, and Slack stays real when asked for with Slack credentials', () => {
    expect(decide({ TEND_LOCAL_WORKSPACE: 'off' }).on).toBe(false);
    expect(
      decide({ TEND_LOCAL_WORKSPACE: 'on', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's' }),
    ).toEqual({ on: true, slack: false });
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
  const page = (path: string, body: unknown) =>
    fetch(new URL(path, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = tempDir('tend-local-');
    await prepareDataDir(dir, async (handle) => {
      await insertAccount(handle.db, {
        external_id: 'acme',
        name: 'Acme Corp',
        owner_email: 'jane@tend.example',
      });
    });
    service = await startService(
      loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    );
    base = service.workspaceUrl ?? '';
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
    expect(state.users).toEqual([{ id: 'UJANE', email: 'jane@tend.example', name: 'Jane' }]);
    expect((await page('/local/slack/send', { user: 'nobody', text: '/health' })).status).toBe(400);
    const click = await page('/local/slack/click', {
      user: 'UJANE',
      source: { channel: 'C0CSTEAM', ts: '1.000001' },
      blockId: 'b',
      actionId: 'a',
    });
    expect(click.status).toBe(404);
    expect((await page('/local/jobs/nightly', {})).status).toBe(404);
  });

  it('serves only its own assets', async () => {
    expect((await fetch(new URL('/local/web/app.js', base))).status).toBe(200);
    expect((await fetch(new URL('/local/web/..%2F..%2Fconfig.ts', base))).status).toBe(404);
    expect((await fetch(new URL('/local/vendor/adaptivecards.js', base))).status).toBe(200);
  });

  it('keeps a private answer private and a plain message public', async () => {
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
    const state = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      messages: Record<string, { text: string; ephemeralTo?: string }[]>;
    };
    const messages = state.messages.C0CSTEAM ?? [];
    expect(messages.find((m) => m.text.includes('Acme Corp'))?.ephemeralTo).toBe('UJANE');
    expect(messages.find((m) => m.text === 'hello team')?.ephemeralTo).toBeUndefined();
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
