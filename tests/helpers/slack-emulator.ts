import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readApiArgs } from '../../src/chat/local/request';
import {
  createSlackEmulator,
  type SlackEmulator,
  type SlackEmulatorOptions,
} from '../../src/chat/local/slack-emulator';
import { type SlackSocketMode, startSlackSocketMode } from '../../src/chat/local/slack-socket-mode';
import { WorkspaceState } from '../../src/chat/local/state';

// The one Slack emulator (src/chat/local/slack-emulator.ts) on a port of its own, for tests and
// benchmarks: the Web API under /api/, recorded response URLs under /response/, and Socket
// Mode (src/chat/local/slack-socket-mode.ts, as the local workspace runs it).

export type { EnvelopeType, SocketAck } from '../../src/chat/local/slack-socket-mode';

export interface RunningSlackEmulator
  extends SlackEmulator,
    Omit<SlackSocketMode, 'connectionsOpen' | 'close'> {
  /** Base URL for SLACK_API_URL / clientOptions.slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** A fresh response_url, recorded as method "response_url" with its `path`. */
  responseUrl(): string;
  close(): Promise<void>;
}

export async function startSlackEmulator(
  options: SlackEmulatorOptions = {},
  /** A port of the test's choosing (Slack coming back where it was unreachable); 0: any. */
  port = 0,
): Promise<RunningSlackEmulator> {
  const emulator = createSlackEmulator({
    ...options,
    state: options.state ?? acceptingState(),
  });
  const sockets = new Set<Socket>();
  const socketMode = await startSlackSocketMode(emulator);

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (path === '/api/apps.connections.open') {
        await socketMode.connectionsOpen(req, res);
        return;
      }
      if (path.startsWith('/api/')) {
        await emulator.handleApi(req, res, path.slice('/api/'.length));
        return;
      }
      if (path.startsWith('/upload/') && req.method === 'POST') {
        await emulator.handleUpload(req, res, path.slice('/upload/'.length));
        return;
      }
      if (path.startsWith('/files/')) {
        emulator.serveFile(res, path.slice('/files/'.length));
        return;
      }
      if (path.startsWith('/response/')) {
        emulator.record('response_url', { ...(await readApiArgs(req)), path });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      res.writeHead(404).end();
    } catch {
      if (!res.headersSent) res.writeHead(400).end();
    }
  });

  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(emulator, {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/response/${randomUUID()}`,
    sockets: socketMode.sockets,
    connected: socketMode.connected,
    deliver: socketMode.deliver,
    close: async () => {
      await socketMode.close();
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  });
}

/** Tests post to channel ids nobody declared (an account's channel): they exist until removed. */
function acceptingState(): WorkspaceState {
  const state = new WorkspaceState();
  state.unknownChannels = 'accept-any';
  return state;
}
