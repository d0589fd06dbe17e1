import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the stand-in, to the next request. */
export type LlmReply =
  | { kind: 'tool'; name: string; args: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'raw'; body: string; status?: number }
  | { kind: 'slow'; ms: number; reply: LlmReply };

export interface LlmStandIn {
  /** Base URL for TEND_LLM_URL (…/v1). */
  url: string;
  /** Every chat completion request, parsed. */
  requests: { model: string; messages: { role: string; content: unknown }[]; tools?: unknown[] }[];
  script(replies: LlmReply[]): void;
  close(): Promise<void>;
}

let callSeq = 0;

function completion(reply: Exclude<LlmReply, { kind: 'raw' } | { kind: 'slow' }>, model: string) {
  const message =
    reply.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_${++callSeq}`,
              type: 'function',
              function: { name: reply.name, arguments: JSON.stringify(reply.args) },
            },
          ],
        }
      : { role: 'assistant', content: reply.text };
  return {
    id: `chatcmpl-${callSeq}`,
    object: 'chat.completion',
    created: 1_795_000_000,
    model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: reply.kind === 'tool' ? 'tool_calls' : 'stop',
      },
    ],
  };
}

/**
 * A local stand-in of an OpenAI-compatible chat completions endpoint: answers each request with
 * the next scripted reply (a tool call, a text, raw garbage, or any of them late). The official
 * client talks to it as to the real thing. With nothing scripted it answers 500.
 */
export async function startLlmStandIn(): Promise<LlmStandIn> {
  const queue: LlmReply[] = [];
  const requests: LlmStandIn['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as LlmStandIn['requests'][number];
    requests.push(body);
    let reply = queue.shift();
    while (reply?.kind === 'slow') {
      const { ms, reply: late } = reply;
      await new Promise((r) => setTimeout(r, ms));
      if (res.destroyed || req.destroyed) return;
      reply = late;
    }
    if (!reply) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"nothing scripted"}}');
      return;
    }
    if (reply.kind === 'raw') {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(reply.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(reply, body.model)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (replies) => {
      queue.length = 0;
      queue.push(...replies);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
