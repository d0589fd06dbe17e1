import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { SlackEmulatorOptions } from '../../src/chat/local/slack-emulator';
import { startSlackEmulator } from '../helpers/slack-emulator';

type StubOptions = Pick<SlackEmulatorOptions, 'rateLimit' | 'faults'>;

// The Slack emulator, rate-enforcing, on its own thread, so the benchmark's own work (queries,
// the worker's loops) cannot delay its clock and turn on-time requests into 429s.

export interface StubReport {
  /** `at`: when the stand-in took the post, in epoch milliseconds (fractional). */
  posts: { at: number; channel: string; ts: string; blocks: number; text: string }[];
  limited: number;
  hung: number;
  /** conversations.history/replies calls: look-ups of posts whose outcome was unknown. */
  lookups: number;
}

type Emulator = Awaited<ReturnType<typeof startSlackEmulator>>;

/**
 * What the stand-in saw, as one message to the benchmark (a thread's or a process's
 * performance.now() has its own origin: epoch time compares across them).
 */
export function stubReport(stub: Emulator): StubReport {
  return {
    posts: stub.posts.map((p) => ({
      at: performance.timeOrigin + p.at,
      channel: p.channel,
      ts: p.ts,
      blocks: p.blocks.length,
      text: p.text,
    })),
    limited: stub.limited,
    hung: stub.hung,
    lookups:
      stub.callsTo('conversations.history').length + stub.callsTo('conversations.replies').length,
  };
}

export interface ThreadedStub {
  url: string;
  /** The stand-in's own process, when it has one (its CPU is read from /proc). */
  pid?: number;
  report(): Promise<StubReport>;
  /** Slack unreachable (every connection dropped) until `setDown(false)`. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startThreadedStub(
  rateLimit: { rate: number; burst: number },
  more: Omit<StubOptions, 'rateLimit'> = {},
) {
  // Loader hooks do not reach worker threads on every Node version: register tsx inside.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { rateLimit, ...more } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  return {
    url,
    report: () =>
      new Promise<StubReport>((resolve) => {
        worker.once('message', (m: StubReport) => resolve(m));
        worker.postMessage('report');
      }),
    setDown: (down: boolean) => worker.postMessage(down ? 'down' : 'up'),
    close: async () => {
      await worker.terminate();
    },
  } satisfies ThreadedStub;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const stub = await startSlackEmulator(workerData as StubOptions);
  port.on('message', (m: string) => {
    if (m === 'down' || m === 'up') {
      stub.down = m === 'down';
      return;
    }
    port.postMessage(stubReport(stub));
  });
  port.postMessage({ url: stub.apiUrl });
}
