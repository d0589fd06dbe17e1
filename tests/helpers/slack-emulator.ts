import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readApiArgs } from '../../src/chat/local/request';
import {
  createSlackEmulator,
  type SlackEmulator,
  type SlackEmulatorOptions,
} from '../../src/chat/local/slack-emulator';
import { APP_ID } from '../../src/chat/local/slack-payloads';
import { WorkspaceState } from '../../src/chat/local/state';

// The one Slack emulator (src/chat/local/slack-emulator.ts) on a port of its own, for tests and
// benchmarks: the Web API under /api/, recorded response URLs under /response/, and Socket
// Mode (apps.connections.open + a WebSocket that sends envelopes and waits for their acks).

/** What the app answered an envelope with: `{ envelope_id, payload? }`. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface RunningSlackEmulator extends SlackEmulator {
  /** Base URL for SLACK_API_URL / clientOptions.slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** A fresh response_url, recorded as method "response_url" with its `path`. */
  responseUrl(): string;
  /** Open Socket Mode connections right now. */
  sockets(): number;
  /** Waits for a Socket Mode connection (the app's hello was sent). */
  connected(timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope to the connected app as Slack does and resolves with its ack; rejects
   * when no ack comes within `timeoutMs` (Slack shows the user an error after 3 s).
   */
  deliver(type: EnvelopeType, payload: unknown, timeoutMs?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One unfragmented WebSocket frame from the server (never masked, RFC 6455 §5.1). */
function frame(opcode: number, data: Buffer): Buffer {
  const head =
    data.length < 126
      ? Buffer.from([0x80 | opcode, data.length])
      : data.length < 65_536
        ? Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(data.length)]);
  return Buffer.concat([head, data]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** Reads the client's (masked) frames from a buffer; returns what is left incomplete. */
function readFrames(buf: Buffer, onFrame: (opcode: number, data: Buffer) => void): Buffer {
  let rest = buf;
  while (rest.length >= 2) {
    const opcode = (rest[0] ?? 0) & 0x0f;
    const masked = ((rest[1] ?? 0) & 0x80) !== 0;
    let len = (rest[1] ?? 0) & 0x7f;
    let at = 2;
    if (len === 126) {
      if (rest.length < 4) break;
      len = rest.readUInt16BE(2);
      at = 4;
    } else if (len === 127) {
      if (rest.length < 10) break;
      len = Number(rest.readBigUInt64BE(2));
      at = 10;
    }
    const maskAt = at;
    if (masked) at += 4;
    if (rest.length < at + len) break;
    const data = Buffer.from(rest.subarray(at, at + len));
    if (masked) {
      for (let i = 0; i < data.length; i++) {
        data[i] = (data[i] ?? 0) ^ (rest[maskAt + (i % 4)] ?? 0);
      }
    }
    onFrame(opcode, data);
    rest = rest.subarray(at + len);
  }
  return rest;
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
  const open = new Set<Socket>();
  const acks = new Map<string, (ack: SocketAck) => void>();
  const onConnect = new Set<() => void>();

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (path === '/api/apps.connections.open' && !emulator.down) {
        // Socket Mode's own method takes the app-level token (xapp-), not the bot token.
        const args = await readApiArgs(req);
        emulator.record('apps.connections.open', args);
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const answer = token.startsWith('xapp-')
          ? { ok: true, url: `ws://${req.headers.host}/socket/${randomUUID()}` }
          : { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
        return;
      }
      if (path.startsWith('/api/')) {
        await emulator.handleApi(req, res, path.slice('/api/'.length));
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

  // Socket Mode: the RFC 6455 handshake, then Slack's hello; text frames carry envelopes one
  // way and acks the other; pings are answered (the client reconnects without pongs).
  server.on('upgrade', (req, socket: Socket) => {
    if (emulator.down || !(req.url ?? '').startsWith('/socket/')) {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}${GUID}`)
      .digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    open.add(socket);
    const hello = {
      type: 'hello',
      num_connections: open.size,
      debug_info: { host: 'emulator', approximate_connection_time: 3600 },
      connection_info: { app_id: APP_ID },
    };
    socket.write(frame(0x1, Buffer.from(JSON.stringify(hello))));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = readFrames(Buffer.concat([pending, chunk]), (opcode, data) => {
        if (opcode === 0x8) {
          socket.end(frame(0x8, Buffer.alloc(0)));
        } else if (opcode === 0x9) {
          socket.write(frame(0xa, data));
        } else if (opcode === 0x1) {
          const ack = JSON.parse(data.toString('utf8')) as SocketAck;
          acks.get(ack.envelope_id)?.(ack);
        }
      });
    });
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
    socket.on('end', () => socket.end());
    for (const wake of [...onConnect]) wake();
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
    sockets: () => [...open].filter((s) => !s.destroyed).length,
    connected: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (open.size > 0) return resolve();
        const timer = setTimeout(() => {
          onConnect.delete(wake);
          reject(new Error(`no Socket Mode connection within ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = () => {
          onConnect.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        onConnect.add(wake);
      }),
    deliver: (type: EnvelopeType, payload: unknown, timeoutMs = 3_000) =>
      new Promise<SocketAck>((resolve, reject) => {
        const socket = [...open].find((s) => !s.destroyed);
        if (!socket) return reject(new Error('no Socket Mode connection'));
        const envelopeId = randomUUID();
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new Error(`envelope ${type} not acked within ${timeoutMs} ms`));
        }, timeoutMs);
        acks.set(envelopeId, (ack) => {
          acks.delete(envelopeId);
          clearTimeout(timer);
          resolve(ack);
        });
        const envelope = {
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
        };
        socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

/** Tests post to channel ids nobody declared (an account's channel): they exist until removed. */
function acceptingState(): WorkspaceState {
  const state = new WorkspaceState();
  state.unknownChannels = 'accept-any';
  return state;
}
