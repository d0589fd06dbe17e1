import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type PostFailed, postJson } from '../../../src/chat/slack/http-post';

// A post written onto a kept-alive connection just as the server closes it fails with
// ECONNRESET, and its outcome is unknown: the outbox then waits 10 s and looks in the
// channel's history before posting again (the delivery benchmark's rare 10 s stall). The
// client must close idle connections before the server does. A Node server announces
// `Keep-Alive: timeout=N` and closes about a second after N; the agent must honour N.

/** A server answering `{"ok":true}`, after `delayMs`; it says `timeout=2` and closes idle at ~3 s. */
async function server(delayMs = 0): Promise<{ url: string; open: () => number; srv: Server }> {
  const sockets = new Set<Socket>();
  const srv = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, delayMs),
    );
  });
  srv.keepAliveTimeout = 2_000;
  srv.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/x`, open: () => sockets.size, srv };
}

const servers: Server[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
  for (const c of children.splice(0)) c.kill('SIGKILL');
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kept-alive connections to the Web API', () => {
  it("closes an idle connection itself, before the server's Keep-Alive timeout", async () => {
    const s = await server();
    servers.push(s.srv);
    const answer = await postJson(s.url, {}, '{}', 5_000);
    expect(answer.status).toBe(200);
    expect(s.open()).toBe(1);
    // timeout=2 announced: the client lets go after 1 s idle; the server itself would not
    // close before ~3 s.
    await sleep(1_600);
    expect(s.open()).toBe(0);
  });

  it('keeps a busy connection open through an answer slower than the idle timeout', async () => {
    const s = await server(1_500);
    servers.push(s.srv);
    // The second post reuses the first one's connection, whose idle timeout is now 1 s.
    await postJson(s.url, {}, '{}', 5_000);
    const again = await postJson(s.url, {}, '{}', 5_000);
    expect(again.status).toBe(200);
  });

  it("posts on fresh connections when the server's close races the next post", async () => {
    // The server in a process of its own, as Slack is: its close then lands while this
    // process is busy, and the agent would hand out a connection whose close it has not read.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:http').createServer((q, r) => { q.resume();
           q.on('end', () => { r.writeHead(200); r.end('{"ok":true}'); }); });
         s.keepAliveTimeout = 2000;
         s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    const port = await new Promise<string>((r) => child.stdout?.once('data', (d) => r(String(d))));
    const url = `http://127.0.0.1:${port.trim()}/api/x`;
    const failures: string[] = [];
    for (let round = 0; round < 2; round++) {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => postJson(url, {}, '{}', 5_000)),
      );
      for (const r of results) {
        if (r.status === 'rejected') failures.push(`${(r.reason as PostFailed).code}`);
      }
      // Idle until just before the server's close (~3 s), then busy through it: the close
      // arrives while this process cannot read it, and the next posts go right after.
      await sleep(2_960);
      const busy = performance.now();
      while (performance.now() - busy < 80) {}
    }
    const last = await Promise.allSettled(
      Array.from({ length: 20 }, () => postJson(url, {}, '{}', 5_000)),
    );
    for (const r of last) {
      if (r.status === 'rejected') failures.push(`${(r.reason as PostFailed).code}`);
    }
    expect(failures).toEqual([]);
  }, 15_000);
});
