import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { prepareDataDir, startServe, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';

// Idle memory of a trial (README, "Start-up memory"): the local workspace's Bolt app (Bolt,
// Express, undici) loads on the page's first Slack message, not at start. Bolt's connection
// logs "slack connected" (its auth.test against the stand-in): an eager start logs it before the
// workspace says it is ready; here it must come only with the first message, which still gets
// its answer.

const dir = tempDir('tend-lazy-bolt-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the local Slack app starts on the first message, not at start, and answers it', async () => {
  await prepareDataDir(dir, async (handle) => {
    await insertAccount(handle.db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@tend.example',
    });
  });
  const serve = await startServe({ TEND_DATA_DIR: dir, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  try {
    const logged = () => serve.output().stdout;
    for (let i = 0; i < 200 && !logged().includes('local workspace ready'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(logged()).toContain('local workspace ready');
    expect(logged()).not.toContain('slack connected');

    const base = new URL('/', serve.url);
    const html = await (await fetch(base)).text();
    const token = /name="tend-page-token" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const sent = await fetch(new URL('/local/slack/send', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tend-page-token': token },
      body: JSON.stringify({ user: 'UJANE', channel: 'C0CSTEAM', text: '/health acme' }),
    });
    expect(sent.status).toBe(200);
    // The log line travels through a pipe: give it a moment to arrive.
    for (let i = 0; i < 40 && !logged().includes('slack connected'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(logged()).toContain('slack connected');
    let seen = '';
    for (let i = 0; i < 100 && !seen.includes('Acme Corp'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await (await fetch(new URL('/local/state?user=UJANE', base))).text();
    }
    expect(seen).toContain('Acme Corp');
    expect(seen).not.toContain('operation_timeout');
  } finally {
    await serve.stop();
  }
}, 120_000);
