import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, prepareDataDir, startServe, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';

// Start-up as an operator meets it, through the real binary: Slack down, Slack refusing the
// token, the port taken. Each failure must end the process promptly with one line on stderr.

type Answer = (method: string, req: IncomingMessage) => unknown;

/** A Slack Web API (and Socket Mode) stand-in whose answers a test chooses. */
async function fakeSlack(answer: Answer, port = 0) {
  const sockets = new Set<Socket>();
  const calls: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    calls.push(method);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(method, req)));
    });
  });
  // Socket Mode: the smallest WebSocket server that says hello (RFC 6455 handshake, one frame).
  server.on('upgrade', (req, socket: Socket) => {
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1')
      .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const hello = Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }));
    socket.write(Buffer.concat([Buffer.from([0x81, hello.length]), hello]));
    socket.on('error', () => {});
    // A close frame from the client (opcode 8) is answered with one, as a real server does.
    socket.on('data', (frame: Buffer) => {
      if (((frame[0] ?? 0) & 0x0f) === 0x8) socket.end(Buffer.from([0x88, 0x00]));
    });
    // The server keeps upgraded sockets half-open; a client going away closes ours too.
    socket.on('end', () => socket.end());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}/api/`,
    calls,
    /** Open WebSocket connections (Socket Mode) right now. */
    sockets: () => [...sockets].filter((s) => !s.destroyed).length,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

const authOk = { ok: true, team: 'Tend', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' };

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
    let slack: Awaited<ReturnType<typeof fakeSlack>> | null = null;
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

      slack = await fakeSlack((method) => (method === 'auth.test' ? authOk : { ok: true }), port);
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
    const slack = await fakeSlack((method) =>
      method === 'auth.test' ? { ok: false, error: 'invalid_auth' } : { ok: true },
    );
    try {
      const r = await serveUntilExit(
        {
          TEND_DATA_DIR: dir,
          SLACK_BOT_TOKEN: 'xoxb-revoked',
          SLACK_SIGNING_SECRET: 'secret',
          SLACK_API_URL: slack.url,
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
    const slack = await fakeSlack((method, req) => {
      if (method === 'auth.test') return authOk;
      if (method === 'apps.connections.open') {
        // listen() binds at once (the 'listening' event comes later): taken before we answer.
        if (!taken.listening) taken.listen(port, '127.0.0.1');
        return { ok: true, url: `ws://${req.headers.host}/socket` };
      }
      return { ok: true };
    });
    try {
      const r = await serveUntilExit(
        {
          TEND_DATA_DIR: dir,
          PORT: String(port),
          SLACK_BOT_TOKEN: 'xoxb-test',
          SLACK_APP_TOKEN: 'xapp-test',
          SLACK_API_URL: slack.url,
        },
        30_000,
      );
      // Socket Mode did connect before the listener failed…
      expect(slack.calls).toContain('apps.connections.open');
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
