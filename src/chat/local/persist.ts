import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log';
import type { LocalChannel, LocalMessage, WorkspaceState } from './state';
import type { TeamsMessage } from './teams-actor';

/**
 * The local workspace's conversation survives a restart: channels and messages are kept in a
 * JSON file in the embedded data folder (`.tend/local-workspace.json`, mode 0600 in the 0700
 * folder). A file rather than a table because no migration may be added for a trial-only
 * page, and because it belongs with that database: deleting `.tend/` resets both together,
 * so a kept message never points at an alert that no longer exists.
 */
export const CONVERSATION_FILE = 'local-workspace.json';

/** Per channel; older messages are dropped so the file (read at every start) stays small. */
export const KEEP_PER_CHANNEL = 500;
const SAVE_DELAY_MS = 200;

const channel = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['channel', 'im']),
  userId: z.string().optional(),
});
const message = z.object({
  channel: z.string(),
  ts: z.string().regex(/^\d+\.\d{6}$/),
  user: z.string(),
  text: z.string(),
  blocks: z.array(z.unknown()),
  ephemeralTo: z.string().optional(),
  edited: z.boolean().optional(),
});
const teamsMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  from: z.string(),
  text: z.string(),
  cards: z.array(z.unknown()),
  edited: z.boolean().optional(),
});
const fileSchema = z.object({
  version: z.literal(1),
  channels: z.array(channel),
  messages: z.array(message),
  /** The Teams view's personal chats (absent in files written before it was kept). */
  teams: z.array(teamsMessage).default([]),
});

export interface KeptConversation {
  /** The Teams view's messages as kept, to start the Teams side with. */
  teams: TeamsMessage[];
  /** Where the Teams side's messages are read from when saving (once it runs). */
  watchTeams(all: () => TeamsMessage[]): void;
  /** Writes what is pending now (at stop). */
  flush(): void;
  stop(): void;
}

export function conversationPath(dataDir: string): string {
  return join(dataDir, CONVERSATION_FILE);
}

/**
 * Loads the kept conversation into `state` (a file that cannot be read is moved aside, never
 * overwritten, and the workspace starts empty), then keeps the file up to date.
 */
export function keepConversation(
  state: WorkspaceState,
  path: string,
  log: Logger,
): KeptConversation {
  const teams = restore(state, path, log);
  let teamsNow: () => TeamsMessage[] = () => teams;
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    timer = null;
    try {
      write(state, teamsNow(), path);
    } catch (error) {
      log.warn({ err: error, path }, 'local workspace: could not save the conversation');
    }
  };
  const listener = (event: { type: string }) => {
    if (
      !['message', 'message_changed', 'message_deleted', 'channels', 'teams'].includes(event.type)
    )
      return;
    timer ??= setTimeout(save, SAVE_DELAY_MS);
  };
  state.on('event', listener);
  return {
    teams,
    watchTeams(all) {
      teamsNow = all;
    },
    flush() {
      if (timer) clearTimeout(timer);
      save();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      state.off('event', listener);
    },
  };
}

function restore(state: WorkspaceState, path: string, log: Logger): TeamsMessage[] {
  if (!existsSync(path)) return [];
  let kept: z.infer<typeof fileSchema>;
  try {
    kept = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    const aside = `${path}.unreadable-${Date.now()}`;
    renameSync(path, aside);
    log.warn({ err: error, aside }, 'local workspace: the kept conversation was unreadable');
    return [];
  }
  for (const c of kept.channels) state.channels.set(c.id, c as LocalChannel);
  for (const m of kept.messages) {
    const list = state.messages.get(m.channel) ?? [];
    list.push(m as LocalMessage);
    state.messages.set(m.channel, list);
  }
  const last = kept.messages
    .map((m) => m.ts)
    .sort(compareTs)
    .at(-1);
  if (last) state.continueAfter(last);
  return kept.teams as TeamsMessage[];
}

function write(state: WorkspaceState, teams: TeamsMessage[], path: string): void {
  const messages = [...state.messages.values()].flatMap((list) => list.slice(-KEEP_PER_CHANNEL));
  const byChat = new Map<string, TeamsMessage[]>();
  for (const m of teams) byChat.set(m.conversationId, [...(byChat.get(m.conversationId) ?? []), m]);
  const keptTeams = [...byChat.values()].flatMap((list) => list.slice(-KEEP_PER_CHANNEL));
  const body = JSON.stringify({
    version: 1,
    channels: [...state.channels.values()],
    messages,
    teams: keptTeams,
  });
  const tmp = `${path}.tmp`;
  // Written whole and renamed, so a crash mid-write leaves the previous file intact.
  writeFileSync(tmp, body, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function compareTs(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
}
