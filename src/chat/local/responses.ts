import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/server';
import { readApiArgs } from './request';
import { BOT_USER_ID, type LocalMessage, type WorkspaceState, withBlockIds } from './state';

/** Where a response_url answers: the command's channel, or the clicked message. */
export interface Source {
  userId: string;
  channel: string;
  /** The clicked message, for replace_original / delete_original. */
  ts?: string;
  ephemeral?: boolean;
  /** The slash command as typed, shown above an in_channel answer as Slack does. */
  command?: string;
}

/** Slack: a response_url works 5 times within 30 minutes. */
const MAX_USES = 5;
const TTL_MS = 30 * 60 * 1000;

export interface ResponseUrls {
  issue(source: Source): string;
  handler(req: IncomingMessage, res: ServerResponse, params: Record<string, string>): Promise<void>;
}

export function createResponseUrls(
  state: WorkspaceState,
  baseUrl: () => string,
  now = () => Date.now(),
): ResponseUrls {
  const issued = new Map<string, { source: Source; uses: number; at: number }>();
  return {
    issue(source) {
      const id = state.nextId('R');
      issued.set(id, { source, uses: 0, at: now() });
      return `${baseUrl()}/local/slack/respond/${id}`;
    },
    async handler(req, res, params) {
      const body = await readApiArgs(req);
      const entry = issued.get(params.id ?? '');
      if (!entry || now() - entry.at > TTL_MS || entry.uses >= MAX_USES) {
        return sendJson(res, 404, { ok: false, error: 'expired_url' });
      }
      entry.uses++;
      applyResponse(state, entry.source, body);
      sendJson(res, 200, { ok: true });
    },
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const truthy = (v: unknown): boolean => v === true || v === 'true';

/**
 * A command's ack body or a response_url post, as Slack shows it: delete or replace the
 * clicked message, or add a message, private unless `response_type: in_channel`.
 */
export function applyResponse(
  state: WorkspaceState,
  source: Source,
  body: Record<string, unknown>,
) {
  if (truthy(body.delete_original)) {
    if (source.ts) state.remove(source.channel, source.ts);
    return;
  }
  const text = str(body.text);
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  if (!text && blocks.length === 0) return;
  if (truthy(body.replace_original) && source.ts && state.find(source.channel, source.ts)) {
    state.update(source.channel, source.ts, {
      text,
      blocks: withBlockIds(blocks, `${source.ts}r`),
    });
    return;
  }
  const inChannel = body.response_type === 'in_channel';
  if (inChannel && source.command) {
    state.add({
      channel: source.channel,
      ts: state.nextTs(),
      user: source.userId,
      text: source.command,
      blocks: [],
    });
  }
  const ts = state.nextTs();
  const message: LocalMessage = {
    channel: source.channel,
    ts,
    user: BOT_USER_ID,
    text,
    blocks: withBlockIds(blocks, ts),
    ...(inChannel ? {} : { ephemeralTo: source.userId }),
  };
  state.add(message);
}
