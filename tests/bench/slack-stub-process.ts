import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SlackEmulatorOptions } from '../../src/chat/local/slack-emulator';
import { startSlackEmulator } from '../helpers/slack-emulator';
import { type StubReport, stubReport, type ThreadedStub } from './slack-stub-thread';

type StubOptions = Pick<SlackEmulatorOptions, 'rateLimit' | 'faults'>;

// The Slack emulator, rate-enforcing, in a process of its own. Slack is a remote service: a
// stand-in on a thread of the benchmark's process shared that process's event loop, heap and
// GC pauses with the benchmark's own work (its queries, polling), so a pause there delayed
// the stand-in's answers and posts and was counted against the replicas. A process is
// scheduled by the OS beside the replicas and Postgres, as a remote service's CPU would be
// elsewhere entirely; on a 2-core machine it still competes for the cores.

type Reply = { url: string } | StubReport;

export async function startStubProcess(
  rateLimit: { rate: number; burst: number },
  more: Omit<StubOptions, 'rateLimit'> = {},
): Promise<ThreadedStub> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    // BENCH_CPU_PROF=<dir>: the stand-in writes its V8 CPU profile into <dir>/stand-in on exit.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', '--cpu-prof-dir', `${process.env.BENCH_CPU_PROF}/stand-in`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // The report of 10,000 posts is one message: JSON over the IPC channel.
    serialization: 'json',
  });
  // Slack's servers are not starved by our replicas. On this 2-core machine they were: the
  // stand-in, one process among three replicas and Postgres, got to new connections hundreds of
  // ms late, and a burst's posts on them waited up to 2 s (whichever replica opened them). A
  // higher priority (BENCH_STAND_IN_NICE, default -5; needs root, else left as it is) lets it
  // answer as it comes; its CPU is still taken from the same two cores.
  const nice = Number(process.env.BENCH_STAND_IN_NICE ?? -5);
  if (child.pid && nice !== 0) {
    try {
      setPriority(child.pid, nice);
    } catch (error) {
      console.log(`  (the Slack stand-in keeps its priority: ${(error as Error).message})`);
    }
  }
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`Slack stand-in exited ${code}`));
      child.once('exit', onExit);
      child.once('message', (m: Reply) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
  child.send({ start: { rateLimit, ...more } });
  const { url } = (await next()) as { url: string };
  return {
    url,
    pid: child.pid,
    report: () => {
      const answer = next() as Promise<StubReport>;
      child.send('report');
      return answer;
    },
    setDown: (down: boolean) => {
      child.send(down ? 'down' : 'up');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Slack's servers are warm; a stand-in that has just started is not (its request path runs
 * interpreted until V8 compiles it, hundreds of ms into the burst the benchmark measures). So
 * it serves 3,000 posts of its own over HTTP first (64 at a time, on other channels), then
 * forgets them. BENCH_STAND_IN_WARM=0: no warm-up.
 */
async function warmUp(stub: Awaited<ReturnType<typeof startSlackEmulator>>): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  const post = (i: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({
        channel: `Wwarm${i % 1000}`,
        text: `warm ${i}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `warm ${i}` } }],
      });
      const req = request(`${stub.apiUrl}chat.postMessage`, {
        method: 'POST',
        agent,
        timeout: 2_000,
        headers: { authorization: 'Bearer xoxb-warm', 'content-type': 'application/json' },
      });
      req.on('response', (res) => res.resume().on('end', () => resolve()));
      // A fault run's stand-in hangs or drops some calls: warm is warm enough without them.
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve());
      req.end(body);
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < 3_000) await post(next++);
    }),
  );
  agent.destroy();
  stub.reset();
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = process.send.bind(process);
  let stub: Awaited<ReturnType<typeof startSlackEmulator>> | null = null;
  process.on('message', async (m: string | { start: StubOptions }) => {
    if (typeof m === 'object') {
      stub = await startSlackEmulator(m.start);
      if (process.env.BENCH_STAND_IN_WARM !== '0') await warmUp(stub);
      send({ url: stub.apiUrl });
      return;
    }
    if (!stub) return;
    if (m === 'down' || m === 'up') {
      stub.down = m === 'down';
      return;
    }
    send(stubReport(stub));
  });
  // The benchmark gone (its IPC channel closed): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
