import {
  BOT_ID,
  BOT_USER_ID,
  type LocalChannel,
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
/** Booleans arrive as JSON booleans or, form-encoded, as "true"/"1". */
const flag = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Slack's history page size: 100 by default, at most 999 (internal apps' limits). */
export const HISTORY_DEFAULT_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 999;

/** A Slack timestamp ("1733480000.123456", or whole seconds) in microseconds; NaN if not one. */
export function tsMicros(ts: string): number {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/**
 * chat.postMessage's `metadata`: an object (JSON body) or its JSON text (form-encoded), with
 * an `event_type` and an object `event_payload`. Otherwise Slack's error code.
 */
function parseMetadata(v: unknown): LocalMessage['metadata'] | { error: string } | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return { error: 'invalid_metadata_format' };
    }
  }
  if (!isObject(value)) return { error: 'invalid_metadata_format' };
  const { event_type, event_payload } = value;
  if (typeof event_type !== 'string' || !/^[A-Za-z0-9_]+$/.test(event_type)) {
    return { error: 'invalid_metadata_schema' };
  }
  if (!isObject(event_payload)) return { error: 'invalid_metadata_schema' };
  return { event_type, event_payload };
}

/** What the history methods show of a stored message. */
function messageJson(m: LocalMessage, withMetadata: boolean) {
  const bot = m.user === BOT_USER_ID;
  return {
    type: 'message',
    user: m.user,
    text: m.text,
    ts: m.ts,
    team: TEAM_ID,
    ...(m.botId ? { bot_id: m.botId } : bot ? { bot_id: BOT_ID } : {}),
    blocks: m.blocks,
    ...(m.edited ? { edited: { user: m.user, ts: m.ts } } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

/** Which history scope reading a conversation needs. */
function historyScope(channel: LocalChannel): string {
  if (channel.kind === 'im') return 'im:history';
  return channel.id.startsWith('G') ? 'groups:history' : 'channels:history';
}

/**
 * The conversation a history method reads, strict like Slack: a channel id only (not a name
 * or user id), the scope for its kind, and the bot a member.
 */
function readableIn(
  state: WorkspaceState,
  scopes: () => readonly string[] | undefined,
  args: Args,
): LocalChannel | { error: Answer } {
  const id = text(args.channel);
  // A channel id a post would be taken in exists already, as a Slack channel does before its
  // first message: reading it before anything landed there is an empty history, not
  // channel_not_found (which would tell the outbox it cannot look, and make it post again).
  const channel =
    id && !state.deleted.has(id) ? (state.channels.get(id) ?? state.resolveChannel(id)) : null;
  if (!channel || channel.id !== id) return { error: fail('channel_not_found') };
  const granted = scopes();
  const needed = historyScope(channel);
  if (granted && !granted.includes(needed)) {
    return { error: { ok: false, error: 'missing_scope', needed, provided: granted.join(',') } };
  }
  if (state.botAbsent.has(channel.id)) return { error: fail('not_in_channel') };
  return channel;
}

/**
 * One page of messages between `oldest` and `latest` (exclusive unless `inclusive`), `limit`
 * a page (default 100, at most 999), with a cursor to the next page: older pages for history
 * (newest first), newer ones for a thread (oldest first). Metadata only with
 * `include_all_metadata`.
 */
function page(messages: LocalMessage[], args: Args, first: 'newest' | 'oldest'): Answer {
  const inclusive = flag(args.inclusive);
  const oldest = args.oldest === undefined ? 0 : tsMicros(String(args.oldest));
  const latest =
    args.latest === undefined ? Number.POSITIVE_INFINITY : tsMicros(String(args.latest));
  if (Number.isNaN(oldest) || Number.isNaN(latest)) return fail('invalid_ts_oldest');
  const asked = args.limit === undefined ? HISTORY_DEFAULT_LIMIT : Number(args.limit);
  if (!Number.isInteger(asked) || asked < 0) return fail('invalid_limit');
  const limit = Math.min(asked === 0 ? HISTORY_DEFAULT_LIMIT : asked, HISTORY_MAX_LIMIT);
  // The cursor names the last message of the page before: the next page goes on past it.
  let past = first === 'newest' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (args.cursor !== undefined && args.cursor !== '') {
    const m = /^next_ts:(\d+)$/.exec(Buffer.from(text(args.cursor), 'base64').toString());
    if (!m) return fail('invalid_cursor');
    past = Number(m[1]);
  }
  const inRange = messages
    .map((m) => ({ m, at: tsMicros(m.ts) }))
    .filter(
      ({ at }) =>
        (inclusive ? at >= oldest : at > oldest) &&
        (inclusive ? at <= latest : at < latest) &&
        (first === 'newest' ? at < past : at > past),
    )
    .sort((a, b) => (first === 'newest' ? b.at - a.at : a.at - b.at));
  const shown = inRange.slice(0, limit);
  const more = inRange.length > shown.length;
  const last = shown[shown.length - 1];
  const withMetadata = flag(args.include_all_metadata);
  return {
    ok: true,
    messages: shown.map(({ m }) => messageJson(m, withMetadata)),
    has_more: more,
    ...(first === 'newest' ? { pin_count: 0 } : {}),
    ...(more && last
      ? {
          response_metadata: {
            next_cursor: Buffer.from(`next_ts:${last.at}`).toString('base64'),
          },
        }
      : {}),
  };
}

function userJson(state: WorkspaceState, id: string, withLocale = false) {
  const u = state.userById(id);
  if (!u) return null;
  return {
    // Slack sends the locale only when asked (include_locale).
    ...(withLocale ? { locale: u.locale ?? 'en-US' } : {}),
    id: u.id,
    team_id: TEAM_ID,
    name: u.email.split('@')[0] || u.id.toLowerCase(),
    real_name: u.name,
    is_bot: false,
    tz: u.tz ?? 'UTC',
    // A user without an address (a guest, a bot) has no profile.email, as in Slack.
    profile: { ...(u.email ? { email: u.email } : {}), real_name: u.name, display_name: u.name },
  };
}

/**
 * The Web API methods Tend's bot calls, answered from the in-memory workspace with Slack's
 * shapes and error codes. Anything else answers `unknown_method` and is logged, so a gap is
 * visible rather than silently faked.
 */
export function slackWebApi(
  state: WorkspaceState,
  triggers: Triggers,
  /** The bot token's scopes, when a test sets them; otherwise every scope is granted. */
  scopes: () => readonly string[] | undefined = () => undefined,
): Record<string, Method> {
  const readable = (args: Args) => readableIn(state, scopes, args);
  /** missing_scope as Slack answers it, when a test set the scopes and this one is not among them. */
  const missingScope = (needed: string): Answer | null => {
    const granted = scopes();
    return granted && !granted.includes(needed)
      ? { ok: false, error: 'missing_scope', needed, provided: granted.join(',') }
      : null;
  };
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
    const metadata = ephemeralTo ? undefined : parseMetadata(args.metadata);
    if (metadata && 'error' in metadata) return fail(metadata.error);
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
      ...(metadata ? { metadata } : {}),
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
    /**
     * Step 1 of files.uploadV2: a file id and a URL to send the bytes to (Slack's is on
     * files.slack.com; ours is the emulator's /upload/:id). Needs files:write.
     */
    'files.getUploadURLExternal': (args) => {
      const missing = missingScope('files:write');
      if (missing) return missing;
      const name = text(args.filename);
      const length = Number(args.length);
      if (!name || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
      const id = `F${state.nextId('').toUpperCase()}`;
      state.files.set(id, { id, name, length, altText: text(args.alt_text), bytes: null });
      return { ok: true, upload_url: `${state.filesBase}upload/${id}`, file_id: id };
    },
    /**
     * Step 3: the uploaded files are shared in `channel_id` (a thread with `thread_ts`) as one
     * message; a file whose bytes never came answers file_upload_not_complete.
     */
    'files.completeUploadExternal': (args) => {
      const missing = missingScope('files:write');
      if (missing) return missing;
      let list: unknown = args.files;
      if (typeof list === 'string') {
        try {
          list = JSON.parse(list);
        } catch {
          return fail('invalid_arguments');
        }
      }
      if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
      const files = [];
      for (const entry of list) {
        const id = isObject(entry) ? text(entry.id) : '';
        const file = state.files.get(id);
        if (!file) return fail('file_not_found');
        if (!file.bytes) return fail('file_upload_not_complete');
        const title = isObject(entry) && text(entry.title) ? text(entry.title) : file.name;
        files.push({
          id,
          name: file.name,
          title,
          mimetype: file.name.endsWith('.png') ? 'image/png' : 'application/octet-stream',
          url: `${state.filesBase}files/${id}`,
        });
      }
      const channelId = text(args.channel_id);
      if (channelId) {
        const channel = state.resolveChannel(channelId);
        if (!channel) return fail('channel_not_found');
        state.add({
          channel: channel.id,
          ts: state.nextTs(),
          user: BOT_USER_ID,
          text: text(args.initial_comment),
          blocks: [],
          files,
          ...(text(args.thread_ts) ? { threadTs: text(args.thread_ts) } : {}),
        });
      }
      return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
    },
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
    /**
     * A message's permalink, as Slack shapes it (…/archives/<channel>/p<ts without the dot>).
     * Strict like Slack: the channel by id and a message it holds (thread replies included).
     */
    'chat.getPermalink': (args) => {
      const id = text(args.channel);
      const channel = /^[CGD][A-Z0-9]{2,}$/.test(id) ? state.resolveChannel(id) : null;
      if (!channel || channel.id !== id) return fail('channel_not_found');
      const ts = text(args.message_ts);
      if (!state.find(channel.id, ts)) return fail('message_not_found');
      return {
        ok: true,
        channel: channel.id,
        permalink: `https://tend-local.slack.com/archives/${channel.id}/p${ts.replace('.', '')}`,
      };
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
      const withLocale = args.include_locale === true || args.include_locale === 'true';
      const user = userJson(state, text(args.user), withLocale);
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
    /**
     * A conversation's messages newest first, between `oldest` and `latest` (exclusive unless
     * `inclusive`), `limit` a page (default 100, at most 999) with a cursor to the next (older)
     * page. Strict like Slack: a channel id only (not a name or user id), the scope for the
     * kind of conversation, membership, and metadata only with `include_all_metadata`.
     */
    'conversations.history': (args) => {
      const channel = readable(args);
      if ('error' in channel) return channel.error;
      // Like Slack, the channel's history holds no thread replies (conversations.replies does).
      const messages = (state.messages.get(channel.id) ?? []).filter(
        (m) => !m.ephemeralTo && !m.threadTs,
      );
      return page(messages, args, 'newest');
    },
    /**
     * A thread: its parent, then its replies oldest first, between `oldest` and `latest`, a
     * page at a time with a cursor to the next (newer) page. `ts` names the parent (a reply's
     * ts answers the same thread, as Slack does); the same scope and membership as history.
     */
    'conversations.replies': (args) => {
      const channel = readable(args);
      if ('error' in channel) return channel.error;
      const asked = state.find(channel.id, text(args.ts));
      if (!asked || asked.ephemeralTo) return fail('thread_not_found');
      const parentTs = asked.threadTs ?? asked.ts;
      const messages = (state.messages.get(channel.id) ?? []).filter(
        (m) => !m.ephemeralTo && (m.ts === parentTs || m.threadTs === parentTs),
      );
      return page(messages, args, 'oldest');
    },
    'conversations.info': (args) => {
      // Slack takes an id only (never a #name or a user id) and answers the conversation
      // object: a channel carries the is_* flags (is_ext_shared: shared with another
      // organisation through Slack Connect); an IM has is_im, its user and no channel flags.
      const id = text(args.channel);
      if (!/^[CGD][A-Z0-9]{2,}$/.test(id)) return fail('channel_not_found');
      const c = state.resolveChannel(id);
      if (!c || c.id !== id) return fail('channel_not_found');
      if (c.kind === 'im') {
        return {
          ok: true,
          channel: {
            id: c.id,
            created: 0,
            is_im: true,
            is_org_shared: false,
            user: c.userId,
            is_user_deleted: false,
          },
        };
      }
      const ext = c.extShared === true;
      return {
        ok: true,
        channel: {
          id: c.id,
          name: c.name,
          is_channel: true,
          is_group: false,
          is_im: false,
          is_mpim: false,
          is_private: c.id.startsWith('G'),
          created: 0,
          is_archived: false,
          is_general: c.name === 'general',
          is_shared: ext,
          is_org_shared: false,
          is_ext_shared: ext,
          is_pending_ext_shared: false,
          is_member: true,
          name_normalized: c.name,
        },
      };
    },
  };
}
