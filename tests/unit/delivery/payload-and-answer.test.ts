import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rich } from '../../../src/cards/model';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { parsePayload } from '../../../src/delivery/message';
import { DeliveryError } from '../../../src/delivery/sender';

const card = (blocks: unknown[]) => ({ title: 't', fallback: 'f', blocks });

describe('a stored payload as the worker reads it', () => {
  it('passes each block on as it is (no copy), and refuses a block without a type', () => {
    const block = { type: 'text', text: rich('x'), extra: { kept: true } };
    const parsed = parsePayload({ op: 'post', kind: 'k', card: card([block]) });
    expect(parsed.card.blocks[0]).toBe(block);
    for (const bad of [{ text: 'no type' }, { type: 7 }, null, 'text', ['text']]) {
      expect(() => parsePayload({ op: 'post', kind: 'k', card: card([bad]) })).toThrow();
    }
    expect(() => parsePayload({ op: 'post', kind: 'k', card: { title: 1 } })).toThrow();
  });
});

describe("the Slack sender reads Slack's answer envelope", () => {
  let server: http.Server;
  let answer = '';
  let url = '';
  const paths: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end(answer));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = () =>
    createSlackSender({ token: 'xoxb-t', apiUrl: url }).post('C1', {
      title: 't',
      fallback: 'f',
      blocks: [],
    });

  it('takes a well-formed answer, to the method URL under the base path', async () => {
    answer = JSON.stringify({ ok: true, channel: 'C1', ts: '1.000001', message: { text: 'f' } });
    await expect(post()).resolves.toEqual({
      messageRef: JSON.stringify({ channel: 'C1', ts: '1.000001' }),
    });
    expect(paths.at(-1)).toBe('/api/chat.postMessage');
  });

  it('treats an answer that is not the envelope as a transient failure', async () => {
    for (const bad of [
      'not json',
      'null',
      '[1]',
      '{"ok":"yes"}',
      '{"ok":true,"ts":5,"channel":"C1"}',
      '{"ok":false,"error":{}}',
    ]) {
      answer = bad;
      const error = await post().catch((e: unknown) => e);
      expect(error, bad).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).kind, bad).toBe('transient');
    }
  });

  it("keeps Slack's own error codes: a permanent one fails, ratelimited waits", async () => {
    answer = '{"ok":false,"error":"channel_not_found"}';
    expect(((await post().catch((e: unknown) => e)) as DeliveryError).kind).toBe('permanent');
    answer = '{"ok":false,"error":"ratelimited"}';
    expect(((await post().catch((e: unknown) => e)) as DeliveryError).kind).toBe('rate_limited');
  });
});
