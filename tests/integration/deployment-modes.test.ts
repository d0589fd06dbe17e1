import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningService, startService } from '../../src/main';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';
import { type SlackApiStub, startSlackApiStub } from '../helpers/slack-api-stub';

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
  let slack: SlackApiStub;
  let outsider: Awaited<ReturnType<typeof recorder>>;
  let service: RunningService;

  beforeAll(async () => {
    dir = tempDir('tend-modes-');
    await prepareDataDir(dir, async (h) => {
      await insertAccount(h.db, { external_id: 'acme', name: 'Acme Corp' });
    });
    slack = await startSlackApiStub();
    outsider = await recorder();
    service = await startService(
      loadConfig({
        TEND_DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slack.url,
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
});
