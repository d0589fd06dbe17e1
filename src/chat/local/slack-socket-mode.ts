import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendJson } from '../../http/server';
import type { Logger } from '../../log';
import { readApiArgs } from './request';
import type { SlackEmulator } from './slack-emulator';
import { APP_ID } from './slack-payloads';
import type { SlackPost } from './slack-signing';
import { SLACK_TIMEOUT_MS } from './slack-signing';

// Slack's Socket Mode, played by the emulator: `apps.connections.open` (with the app-level
// xapp- token) answers a WebSocket URL on a host of its own (Slack's is wss-primary, not
// slack.com), the socket starts with `hello`, and every envelope waits for the app's ack by
// envelope_id (a command's or submission's answer rides in the ack's payload). No WebSocket
// library: the few frames Slack sends are written by hand (RFC 6455).

/** What the app answered an envelope with: `{ envelope_id, payload? }`. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SlackSocketMode {
  /** `apps.connections.open`, served beside the emulator's Web API. */
  connectionsOpen(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open connections right now. */
  sockets(): number;
  /** Waits for a connection (the app's hello was sent). */
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

/**
 * Starts the WebSocket side on 127.0.0.1 (a port of its own) for this emulator; its outage
 * (`down`) refuses connections too.
 */
export async function startSlackSocketMode(
  emulator: SlackEmulator,
  log?: Logger,
): Promise<SlackSocketMode> {
  const open = new Set<Socket>();
  const all = new Set<Socket>();
  const acks = new Map<string, (ack: SocketAck) => void>();
  const onConnect = new Set<() => void>();
  const server: Server = createServer((_req, res) => res.writeHead(404).end());

  // The RFC 6455 handshake, then Slack's hello; text frames carry envelopes one way and acks
  // the other; pings are answered (the client reconnects without pongs).
  server.on('upgrade', (req, socket: Socket) => {
    if (emulator.down || !(req.url ?? '').startsWith('/link/')) {
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
          try {
            const ack = JSON.parse(data.toString('utf8')) as SocketAck;
            acks.get(ack.envelope_id)?.(ack);
          } catch {
            log?.warn('socket mode: a frame that is not JSON');
          }
        }
      });
    });
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
    socket.on('end', () => socket.end());
    for (const wake of [...onConnect]) wake();
  });
  server.on('connection', (s: Socket) => {
    all.add(s);
    s.on('close', () => all.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const wsBase = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    async connectionsOpen(req, res) {
      if (emulator.down) {
        req.socket.destroy();
        return;
      }
      // Socket Mode's own method takes the app-level token (xapp-), not the bot token.
      const args = await readApiArgs(req);
      emulator.record('apps.connections.open', args);
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      sendJson(
        res,
        200,
        token.startsWith('xapp-')
          ? { ok: true, url: `${wsBase}/link/?ticket=${randomUUID()}` }
          : { ok: false, error: token ? 'invalid_auth' : 'not_authed' },
      );
    },
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
    deliver: (type, payload, timeoutMs = SLACK_TIMEOUT_MS) =>
      new Promise<SocketAck>((resolve, reject) => {
        const socket = [...open].find((s) => !s.destroyed);
        if (!socket) return reject(new Error('no Socket Mode connection'));
        const envelopeId = randomUUID();
        const timer = setTimeout(() => {
          acks.delete(envelopeId);
          reject(new AckTimeout(`envelope ${type} not acked within ${timeoutMs} ms`));
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
        for (const s of all) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export class AckTimeout extends Error {}

/**
 * The local workspace's Slack actor speaks HTTP bodies (a signed POST's form or JSON); in
 * Socket Mode the same body travels as an envelope and the ack stands for the HTTP answer.
 */
export function socketModeTransport(
  socket: SlackSocketMode,
): (body: string, json: boolean) => Promise<SlackPost> {
  return async (body, json) => {
    let type: EnvelopeType;
    let payload: unknown;
    if (json) {
      type = 'events_api';
      payload = JSON.parse(body);
    } else {
      const form = new URLSearchParams(body);
      const interaction = form.get('payload');
      type = interaction ? 'interactive' : 'slash_commands';
      payload = interaction ? JSON.parse(interaction) : Object.fromEntries(form);
    }
    try {
      const ack = await socket.deliver(type, payload);
      return { status: 200, body: ack.payload ? JSON.stringify(ack.payload) : '', timedOut: false };
    } catch (error) {
      if (error instanceof AckTimeout) return { status: 0, body: '', timedOut: true };
      throw error;
    }
  };
}
