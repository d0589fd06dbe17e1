import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, prepareDataDir, startServe, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';
import { type RunningSlackEmulator, startSlackEmulator } from '../helpers/slack-emulator';

// Start-up as an operator meets it, through the real binary: Slack down, Slack refusing the
// token, the port taken. Each failure must end the process promptly with one line on stderr.

/** A port nobody listens on (bound once, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** Runs `tend serve` and waits for it to exit (or gives up after `limitMs`). */
function serveUntilExit(env: Record<string, string>, limitMs: number) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: cleanEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const started = performance.now();
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((ok) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('start-up with Slack down, Slack refusing, or the port taken', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('tend-start-');
    // One account, so the first start does not seed the demo data (which takes seconds).
    await prepareDataDir(dir, async (h) => {
      await insertAccount(h.db, { external_id: 'acme', name: 'Acme Corp' });
    });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Slack unreachable at start: Tend comes up, says so once and in /readyz, and connects when Slack answers', async () => {
    const port = await closedPort();
    const serve = await startServe({
      TEND_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
    });
    let slack: RunningSlackEmulator | null = null;
    try {
      const ready = async () => {
        const res = await fetch(`${serve.url}/readyz`);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const down = await ready();
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({
        ok: true,
        platforms: {
          slack: { state: 'unreachable', detail: expect.stringMatching(/ECONNREFUSED/) },
        },
      });
      // Bolt's own auth.test used to reject unhandled after its retries (~10 s) and kill the
      // process: it must still be up well past that.
      await new Promise((r) => setTimeout(r, 12_000));
      expect(serve.child.exitCode).toBeNull();
      expect((await ready()).body).toMatchObject({
        platforms: { slack: { state: 'unreachable' } },
      });
      const said = lines(serve.output().stdout).filter((l) => l.includes('Slack is unreachable'));
      expect(said).toHaveLength(1);
      expect(serve.output().stderr).toBe('');

      slack = await startSlackEmulator({ token: 'xoxb-test' }, port);
      const deadline = Date.now() + 70_000;
      let state = '';
      while (Date.now() < deadline && state !== 'connected') {
        await new Promise((r) => setTimeout(r, 500));
        const body = (await ready()).body as { platforms: { slack: { state: string } } };
        state = body.platforms.slack.state;
      }
      expect(state).toBe('connected');
      // The log line travels through a pipe: give it a moment to arrive.
      for (let i = 0; i < 40 && !serve.output().stdout.includes('slack connected'); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(serve.output().stdout).toContain('slack connected');
    } finally {
      expect(await serve.stop()).toBe(0);
      await slack?.close();
    }
  }, 120_000);

  it('a token Slack refuses (invalid_auth) stops start-up with one line and exit 1', async () => {
    // The emulator knows another token: auth.test answers invalid_auth, as Slack does.
    const slack = await startSlackEmulator({ token: 'xoxb-valid' });
    try {
      const r = await serveUntilExit(
        {
          TEND_DATA_DIR: dir,
          SLACK_BOT_TOKEN: 'xoxb-revoked',
          SLACK_SIGNING_SECRET: 'secret',
          SLACK_API_URL: slack.apiUrl,
        },
        30_000,
      );
      expect(r.code).toBe(1);
      expect(lines(r.stderr)).toEqual([
        'tend: Slack refused SLACK_BOT_TOKEN (auth.test: invalid_auth)',
      ]);
    } finally {
      await slack.close();
    }
  }, 60_000);

  it('the port already in use after the database and Socket Mode opened: everything is closed, exit 1, one line', async () => {
    // A free port now; another program takes it while Tend opens Socket Mode, after the
    // early port check at start passed: only the real listen finds it taken.
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const taken = createServer();
    const slack = await startSlackEmulator({ token: 'xoxb-test' });
    // listen() binds at once (the 'listening' event comes later), and the call is seen before
    // the answer reaches Tend: the port is taken before Socket Mode has even connected.
    void slack
      .waitFor('apps.connections.open', () => true, 30_000)
      .then(() => {
        if (!taken.listening) taken.listen(port, '127.0.0.1');
      });
    try {
      const r = await serveUntilExit(
        {
          TEND_DATA_DIR: dir,
          PORT: String(port),
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_APP_TOKEN: 'xapp-test',
          SLACK_API_URL: slack.apiUrl,
        },
        30_000,
      );
      // Socket Mode did connect before the listener failed…
      expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
      // …and the failed start closed it: the process ended on its own (serveUntilExit kills it
      // after 30 s, and a killed process has no exit code).
      expect(r.code).toBe(1);
      expect(lines(r.stderr)).toEqual([
        `tend: cannot listen on 127.0.0.1:${port}: the port is already in use (another Tend or another program listens there)`,
      ]);
      for (let i = 0; i < 20 && slack.sockets() > 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(slack.sockets()).toBe(0);
    } finally {
      taken.close();
      await slack.close();
    }
  }, 60_000);
});
