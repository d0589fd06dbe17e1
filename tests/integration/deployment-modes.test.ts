import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningService, startService, teamsEndpointMounted } from '../../src/main';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';
import { type RunningSlackEmulator, startSlackEmulator } from '../helpers/slack-emulator';

/** A listener that records every request: where an outsider would point `serviceUrl`. */
async function recorder(): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, hits, server };
}

const activity = (serviceUrl: string) => ({
  type: 'message',
  id: 'a1',
  text: 'health acme',
  serviceUrl,
  channelId: 'msteams',
  from: { id: '29:outsider', aadObjectId: 'x' },
  recipient: { id: '28:bot' },
  conversation: { id: 'a:outsider', conversationType: 'personal', tenantId: 't' },
  channelData: { tenant: { id: 't' } },
});

describe('a Slack-only production install', () => {
  let dir: string;
  let slack: RunningSlackEmulator;
  let outsider: Awaited<ReturnType<typeof recorder>>;
  let service: RunningService;

  beforeAll(async () => {
    dir = tempDir('tend-modes-');
    await prepareDataDir(dir, async (h) => {
      await insertAccount(h.db, { external_id: 'acme', name: 'Acme Corp' });
    });
    slack = await startSlackEmulator();
    outsider = await recorder();
    service = await startService(
      loadConfig({
        TEND_DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.apiUrl,
      }),
      { jobs: false },
    );
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    outsider?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has no /api/messages: an unauthenticated activity gets 404 and nothing is sent', async () => {
    const res = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(outsider.url)),
    });
    expect(res.status).toBe(404);
    // Give a (wrongly) mounted adapter time to reply to the outsider's serviceUrl.
    await new Promise((r) => setTimeout(r, 300));
    expect(outsider.hits).toEqual([]);
  });

  it('is production, so no stand-in and no local workspace exist', async () => {
    expect(service.ctx.config.mode).toBe('production');
    expect(service.workspaceUrl).toBeUndefined();
    for (const path of ['/local/slack/api/auth.test', '/local/state', '/']) {
      const res = await fetch(`${service.url}${path}`, { method: path === '/' ? 'GET' : 'POST' });
      expect(res.status, path).toBe(404);
    }
  });
});

describe('one deployment mode, computed from the configuration', () => {
  const mode = (env: Record<string, string>) => loadConfig({ TEND_DATA_DIR: '/x', ...env }).mode;

  it('is a local trial only without credentials on loopback', () => {
    expect(mode({})).toBe('local');
    expect(mode({ HOST: '127.0.0.1' })).toBe('local');
    // Postgres on loopback is a trial only when the local workspace is asked for.
    expect(mode({ DATABASE_URL: 'postgres://x@127.0.0.1/t', HOST: '127.0.0.1' })).toBe(
      'production',
    );
    expect(
      mode({
        DATABASE_URL: 'postgres://x@127.0.0.1/t',
        HOST: '127.0.0.1',
        TEND_LOCAL_WORKSPACE: 'on',
      }),
    ).toBe('local');
    expect(mode({ HOST: '0.0.0.0' })).toBe('production');
    expect(mode({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toBe('production');
    expect(mode({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toBe('production');
    expect(mode({ MicrosoftAppId: 'app' })).toBe('production');
  });

  it('mounts /api/messages in production only with MicrosoftAppId', () => {
    const config = (env: Record<string, string>) => loadConfig({ TEND_DATA_DIR: '/x', ...env });
    const slackOnly = config({ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's' });
    expect(teamsEndpointMounted(slackOnly, true)).toBe(false);
    expect(teamsEndpointMounted(config({ MicrosoftAppId: 'app' }), false)).toBe(true);
    expect(teamsEndpointMounted(config({}), true)).toBe(true);
    expect(teamsEndpointMounted(config({ TEND_LOCAL_WORKSPACE: 'off' }), false)).toBe(false);
  });

  it('refuses the local workspace in production, in one configuration message', () => {
    expect(() => mode({ HOST: '0.0.0.0', TEND_LOCAL_WORKSPACE: 'on' })).toThrow(
      /TEND_LOCAL_WORKSPACE: 'on' is refused because HOST is 0\.0\.0\.0, not a loopback address/,
    );
    expect(() =>
      mode({
        DATABASE_URL: 'postgres://x@db/t',
        TEND_LOCAL_WORKSPACE: 'on',
        TEND_CONFIG: '/nonexistent/tend.yaml',
      }),
    ).toThrow(/2 problems[\s\S]*TEND_CONFIG[\s\S]*HOST is 0\.0\.0\.0/);
  });
});
