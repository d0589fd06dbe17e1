import {
  BOT_ID,
  BOT_USER_ID,
  type LocalMessage,
  type LocalView,
  TEAM_ID,
  viewWithBlockIds,
  type WorkspaceState,
  withBlockIds,
} from './state';

type Args = Record<string, unknown>;
export type Answer = Record<string, unknown> & { ok: boolean };
export type Method = (args: Args) => Answer;

/** Slack lets a trigger_id open a modal for 3 seconds. */
export const TRIGGER_TTL_MS = 3_000;

export interface Triggers {
  issue(userId: string): string;
  take(triggerId: string): string | null;
}

export function createTriggers(state: WorkspaceState, now = () => Date.now()): Triggers {
  const issued = new Map<string, { userId: string; at: number }>();
  return {
    issue(userId) {
      const id = `${state.nextId('')}.${TEAM_ID}.local`;
      issued.set(id, { userId, at: now() });
      return id;
    },
    take(triggerId) {
      const t = issued.get(triggerId);
      if (!t || now() - t.at > TRIGGER_TTL_MS) return null;
      issued.delete(triggerId);
      return t.userId;
    },
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const blocksOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const fail = (error: string): Answer => ({ ok: false, error });

function userJson(state: WorkspaceState, id: string) {
  const u = state.userById(id);
  if (!u) return null;
  return {
    id: u.id,
    team_id: TEAM_ID,
    name: u.email.split('@')[0] || u.id.toLowerCase(),
    real_name: u.name,
    is_bot: false,
    tz: 'UTC',
    // A user without an address (a guest, a bot) has no profile.email, as in Slack.
    profile: { ...(u.email ? { email: u.email } : {}), real_name: u.name, display_name: u.name },
  };
}

/**
 * The Web API methods Tend's bot calls, answered from the in-memory workspace with Slack's
 * shapes and error codes. Anything else answers `unknown_method` and is logged, so a gap is
 * visible rather than silently faked.
 */
export function slackWebApi(state: WorkspaceState, triggers: Triggers): Record<string, Method> {
  const openModal = (userId: string, view: unknown, push: boolean): Answer => {
    if (!view || typeof view !== 'object') return fail('invalid_arguments');
    const id = state.nextId('V');
    const v: LocalView = { id, userId, view: viewWithBlockIds(view as Args, id) };
    const stack = push ? [...state.modalStack(userId), v] : [v];
    if (stack.length > 3) return fail('push_limit_reached');
    state.setModals(userId, stack);
    return { ok: true, view: { ...v.view, id: v.id, team_id: TEAM_ID, bot_id: BOT_ID } };
  };
  const post = (args: Args, ephemeralTo?: string): Answer => {
    const channel = state.resolveChannel(text(args.channel));
    if (!channel) return fail('channel_not_found');
    if (!text(args.text) && blocksOf(args.blocks).length === 0) return fail('no_text');
    // A reply names a message of the channel (strict: Slack answers thread_not_found).
    const threadTs = text(args.thread_ts);
    if (threadTs && !state.find(channel.id, threadTs)) return fail('thread_not_found');
    const ts = state.nextTs();
    const message: LocalMessage = {
      channel: channel.id,
      ts,
      user: BOT_USER_ID,
      text: text(args.text),
      blocks: withBlockIds(blocksOf(args.blocks), ts),
      ...(ephemeralTo ? { ephemeralTo } : {}),
      ...(threadTs ? { threadTs } : {}),
    };
    state.add(message);
    return ephemeralTo
      ? { ok: true, message_ts: message.ts }
      : { ok: true, channel: channel.id, ts: message.ts, message: { ...message, bot_id: BOT_ID } };
  };
  return {
    'auth.test': () => ({
      ok: true,
      url: 'http://localhost/',
      team: 'Tend local',
      user: 'tend',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => post(args),
    'chat.postEphemeral': (args) => {
      const user = text(args.user);
      if (!state.userById(user)) return fail('user_not_found');
      return post(args, user);
    },
    'chat.update': (args) => {
      const channel = state.resolveChannel(text(args.channel));
      const message = channel ? state.find(channel.id, text(args.ts)) : undefined;
      if (!channel || !message) return fail('message_not_found');
      if (message.ephemeralTo || message.user !== BOT_USER_ID) return fail('cant_update_message');
      state.update(channel.id, message.ts, {
        text: text(args.text),
        blocks: withBlockIds(blocksOf(args.blocks), `${message.ts}u`),
      });
      return { ok: true, channel: channel.id, ts: message.ts, text: message.text };
    },
    'chat.delete': (args) => {
      const channel = state.resolveChannel(text(args.channel));
      if (!channel || !state.remove(channel.id, text(args.ts))) return fail('message_not_found');
      return { ok: true, channel: channel.id, ts: text(args.ts) };
    },
    'views.open': (args) => {
      const userId = triggers.take(text(args.trigger_id));
      return userId ? openModal(userId, args.view, false) : fail('expired_trigger_id');
    },
    'views.push': (args) => {
      const userId = triggers.take(text(args.trigger_id));
      return userId ? openModal(userId, args.view, true) : fail('expired_trigger_id');
    },
    'views.update': (args) => {
      const existing = state.findView(text(args.view_id));
      if (!existing || !args.view || typeof args.view !== 'object') return fail('not_found');
      const stack = state
        .modalStack(existing.userId)
        .map((v) =>
          v.id === existing.id
            ? { ...v, view: viewWithBlockIds(args.view as Args, `${v.id}u`), errors: {} }
            : v,
        );
      state.setModals(existing.userId, stack);
      return { ok: true, view: { ...(args.view as Args), id: existing.id } };
    },
    'views.publish': (args) => {
      const userId = text(args.user_id);
      if (!state.userById(userId)) return fail('user_not_found');
      if (!args.view || typeof args.view !== 'object') return fail('invalid_arguments');
      const home = state.setHome(userId, viewWithBlockIds(args.view as Args, `H${userId}`));
      return { ok: true, view: { ...home.view, id: home.id } };
    },
    'users.info': (args) => {
      const user = userJson(state, text(args.user));
      return user ? { ok: true, user } : fail('user_not_found');
    },
    'users.lookupByEmail': (args) => {
      const email = text(args.email).toLowerCase();
      const found = email ? state.users.find((u) => u.email === email) : undefined;
      return found ? { ok: true, user: userJson(state, found.id) } : fail('users_not_found');
    },
    'conversations.open': (args) => {
      const userId = text(args.users).split(',')[0] ?? '';
      if (!state.userById(userId)) return fail('user_not_found');
      return { ok: true, channel: { id: state.dmOf(userId).id } };
    },
    'conversations.info': (args) => {
      const c = state.resolveChannel(text(args.channel));
      if (!c) return fail('channel_not_found');
      return { ok: true, channel: { id: c.id, name: c.name, is_im: c.kind === 'im' } };
    },
  };
}
