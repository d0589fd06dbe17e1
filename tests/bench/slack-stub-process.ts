import { type ChildProcess, fork } from 'node:child_process';
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

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const send = process.send.bind(process);
  let stub: Awaited<ReturnType<typeof startSlackEmulator>> | null = null;
  process.on('message', async (m: string | { start: StubOptions }) => {
    if (typeof m === 'object') {
      stub = await startSlackEmulator(m.start);
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
