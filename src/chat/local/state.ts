import { EventEmitter } from 'node:events';

/** A person in the local workspace: one of the demo data's CSMs. */
export interface LocalUser {
  id: string;
  email: string;
  name: string;
  /** IANA zone users.info answers (Slack's `tz`); UTC when not given. */
  tz?: string;
  /** The Slack client's language (users.info `locale` with include_locale); absent: en-US. */
  locale?: string;
}

export interface LocalChannel {
  id: string;
  name: string;
  kind: 'channel' | 'im';
  /** For a direct message: whose DM with the bot it is. */
  userId?: string;
  /** Shared with another organisation (Slack Connect): conversations.info's is_ext_shared. */
  extShared?: boolean;
}

export interface LocalMessage {
  channel: string;
  ts: string;
  /** Who wrote it: a user id, or the bot's user id. */
  user: string;
  text: string;
  blocks: unknown[];
  /** Set for ephemeral messages: the only user who sees it. */
  ephemeralTo?: string;
  edited?: boolean;
  /** Message metadata the app attached (chat.postMessage `metadata`). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** A reply: the ts of the message whose thread it is in. */
  threadTs?: string;
  /** Another app's bot wrote it (its bot id); our bot's messages carry BOT_ID. */
  botId?: string;
  /** Files shared with the message (files.completeUploadExternal): the page shows images. */
  files?: { id: string; name: string; title: string; mimetype: string; url: string }[];
}

/** A file on its way in (files.getUploadURLExternal) and, once its bytes came, uploaded. */
export interface LocalFile {
  id: string;
  name: string;
  length: number;
  altText: string;
  bytes: Buffer | null;
}

export interface LocalView {
  id: string;
  userId: string;
  /** The view as the bot sent it (Block Kit `modal` or `home`). */
  view: Record<string, unknown>;
  /** Errors from a `response_action: errors` answer, by block id. */
  errors?: Record<string, string>;
}

/** What the page hears about, filtered per user before it is sent. */
export type WorkspaceEvent =
  | { type: 'message'; message: LocalMessage }
  | { type: 'message_changed'; message: LocalMessage }
  | { type: 'message_deleted'; channel: string; ts: string; ephemeralTo?: string }
  | { type: 'modals'; userId: string; stack: LocalView[] }
  | { type: 'home'; userId: string; view: LocalView }
  | { type: 'channels'; channels: LocalChannel[] }
  | { type: 'notice'; userId?: string; text: string }
  /** Something in a user's Teams chat with the bot (see teams-actor.ts). */
  | { type: 'teams'; userId: string; event: unknown };

/** A page request naming something the workspace does not have (a message, view, user). */
export class UnknownInWorkspace extends Error {}

export const BOT_USER_ID = 'UTENDBOT';
export const BOT_ID = 'BTENDBOT';
export const TEAM_ID = 'T0LOCAL';

/** The channels a fresh local workspace has, like a small CS team's Slack. */
export const DEFAULT_CHANNELS: LocalChannel[] = [
  { id: 'C0CSTEAM', name: 'cs-team', kind: 'channel' },
  { id: 'C0RENEWALS', name: 'renewals', kind: 'channel' },
];

/**
 * The conversation the local Slack stand-in keeps in memory: channels, messages (ephemeral
 * ones per user), open modals and Home tabs. Every change is emitted for the page's stream.
 */
export class WorkspaceState extends EventEmitter<{ event: [WorkspaceEvent]; closed: [] }> {
  readonly channels = new Map<string, LocalChannel>();
  readonly messages = new Map<string, LocalMessage[]>();
  readonly modals = new Map<string, LocalView[]>();
  readonly homes = new Map<string, LocalView>();
  readonly files = new Map<string, LocalFile>();
  /** Where uploads and downloads are served: the emulator's base URL, set as calls come. */
  filesBase = '';
  users: LocalUser[] = [];
  /** Channels deleted (or the bot removed from): Slack answers channel_not_found for them. */
  readonly deleted = new Set<string>();
  /**
   * Channels the bot is not a member of: it may still post there (chat:write.public), but
   * reading their history answers not_in_channel.
   */
  readonly botAbsent = new Set<string>();
  /**
   * Whether a channel id nobody declared exists: in the local workspace an account's channel
   * id does (it is created when first posted to); a test emulator may accept any id.
   */
  unknownChannels: 'create-ids' | 'accept-any' = 'create-ids';
  private seq = 0;
  /** The last ts handed out, in microseconds, so two messages in one microsecond still differ. */
  private lastMicros = 0;

  /** `now` is injectable so a test can move time; the page shows each message's real time. */
  constructor(private readonly now: () => number = Date.now) {
    super();
    this.setMaxListeners(0);
    for (const c of DEFAULT_CHANNELS) this.channels.set(c.id, { ...c });
  }

  /**
   * Slack-like unique timestamps ("seconds.micro") taken from the time of the message, strictly
   * increasing (a clash with the previous one moves up by a microsecond).
   */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** After a restart: new messages get a ts after the last kept one, as Slack's always do. */
  continueAfter(ts: string): void {
    const [seconds = '0', micros = '0'] = ts.split('.');
    this.lastMicros = Math.max(this.lastMicros, Number(seconds) * 1_000_000 + Number(micros));
  }

  nextId(prefix: string): string {
    this.seq++;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  userById(id: string): LocalUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** A DM's channel id is derived from the user's, so it exists as soon as the user does. */
  dmOf(userId: string): LocalChannel {
    const id = `D${userId.slice(1)}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = { id, name: 'Tend', kind: 'im', userId };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /**
   * What `channel` names: an id, a `#name`, or a user id (a DM, as chat.postMessage allows).
   * A channel id the workspace has not seen is created, so a proactive message to an
   * account's channel is visible rather than lost.
   */
  resolveChannel(channel: string): LocalChannel | null {
    if (!channel || this.deleted.has(channel)) return null;
    const known = this.channels.get(channel);
    if (known) return known;
    if (/^U[A-Z0-9]+$/.test(channel) && this.userById(channel)) return this.dmOf(channel);
    const name = channel.replace(/^#/, '');
    for (const c of this.channels.values()) if (c.kind === 'channel' && c.name === name) return c;
    const accept =
      this.unknownChannels === 'accept-any'
        ? !channel.startsWith('#')
        : /^[CG][A-Z0-9]{2,}$/.test(channel);
    if (accept) {
      const created: LocalChannel = { id: channel, name: channel.toLowerCase(), kind: 'channel' };
      this.channels.set(channel, created);
      this.emit('event', { type: 'channels', channels: [...this.channels.values()] });
      return created;
    }
    return null;
  }

  channelsFor(userId: string): LocalChannel[] {
    this.dmOf(userId);
    return [...this.channels.values()].filter((c) => c.kind === 'channel' || c.userId === userId);
  }

  add(message: LocalMessage): LocalMessage {
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    this.messages.set(message.channel, list);
    this.emit('event', { type: 'message', message });
    return message;
  }

  find(channel: string, ts: string): LocalMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  update(channel: string, ts: string, change: Pick<LocalMessage, 'text' | 'blocks'>) {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    message.text = change.text;
    message.blocks = change.blocks;
    message.edited = true;
    this.emit('event', { type: 'message_changed', message });
    return message;
  }

  remove(channel: string, ts: string): boolean {
    const list = this.messages.get(channel);
    const at = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || at < 0) return false;
    const [gone] = list.splice(at, 1);
    this.emit('event', {
      type: 'message_deleted',
      channel,
      ts,
      ...(gone?.ephemeralTo ? { ephemeralTo: gone.ephemeralTo } : {}),
    });
    return true;
  }

  /** Messages of a channel as `userId` sees them: everyone's, plus ephemerals meant for them. */
  history(channel: string, userId: string): LocalMessage[] {
    return (this.messages.get(channel) ?? []).filter(
      (m) => !m.ephemeralTo || m.ephemeralTo === userId,
    );
  }

  modalStack(userId: string): LocalView[] {
    return this.modals.get(userId) ?? [];
  }

  setModals(userId: string, stack: LocalView[]): void {
    this.modals.set(userId, stack);
    this.emit('event', { type: 'modals', userId, stack });
  }

  findView(viewId: string): LocalView | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    for (const home of this.homes.values()) if (home.id === viewId) return home;
    return undefined;
  }

  setHome(userId: string, view: Record<string, unknown>): LocalView {
    const home: LocalView = { id: this.homes.get(userId)?.id ?? this.nextId('VH'), userId, view };
    this.homes.set(userId, home);
    this.emit('event', { type: 'home', userId, view: home });
    return home;
  }

  notice(text: string, userId?: string): void {
    this.emit('event', { type: 'notice', text, ...(userId ? { userId } : {}) });
  }
}

/** Whether `userId` should hear about an event (ephemerals, modals and Home are private). */
export function isFor(event: WorkspaceEvent, userId: string): boolean {
  switch (event.type) {
    case 'message':
    case 'message_changed':
      return (
        (!event.message.ephemeralTo || event.message.ephemeralTo === userId) &&
        isChannelFor(event.message.channel, userId)
      );
    case 'message_deleted':
      return (
        (!event.ephemeralTo || event.ephemeralTo === userId) && isChannelFor(event.channel, userId)
      );
    case 'modals':
    case 'home':
    case 'teams':
      return event.userId === userId;
    case 'notice':
      return !event.userId || event.userId === userId;
    case 'channels':
      return true;
  }
}

/** A DM belongs to one user; every other channel is open to all. */
function isChannelFor(channel: string, userId: string): boolean {
  return !channel.startsWith('D') || channel === `D${userId.slice(1)}`;
}

/**
 * Slack gives every block without a block_id one of its own when a message or view is
 * stored, and clicks name it: the page needs it to say which button was clicked.
 */
export function withBlockIds(blocks: unknown[], prefix: string): unknown[] {
  return blocks.map((b, i) =>
    b && typeof b === 'object' && !('block_id' in b) ? { ...b, block_id: `${prefix}-${i}` } : b,
  );
}

/** The same for a view's blocks. */
export function viewWithBlockIds(view: Record<string, unknown>, prefix: string) {
  return Array.isArray(view.blocks) ? { ...view, blocks: withBlockIds(view.blocks, prefix) } : view;
}
