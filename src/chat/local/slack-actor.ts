import type { Logger } from '../../log';
import { escapeSlackText } from '../slack/escaping';
import { applyResponse, type ResponseUrls, type Source } from './responses';
import {
  APP_ID,
  actionJson,
  commandForm,
  eventCallback,
  findElement,
  interactionJson,
  type Json,
  type ViewValues,
  viewJson,
} from './slack-payloads';
import { answerJson, type SlackPost } from './slack-signing';
import type { Triggers } from './slack-web-api';
import { BOT_USER_ID, type LocalUser, UnknownInWorkspace, type WorkspaceState } from './state';

export { APP_ID };

export interface SlackActorOptions {
  state: WorkspaceState;
  triggers: Triggers;
  responses: ResponseUrls;
  log: Logger;
  /**
   * How a request reaches the app: a signed POST to /slack/events (signedHttp) or an envelope
   * over Socket Mode (socketModeTransport); `json` for events, else a form body.
   */
  send: (body: string, json: boolean) => Promise<SlackPost>;
}

/** What a click names: the element in a stored message or view. */
export interface Click {
  userId: string;
  source: { channel: string; ts: string } | { viewId: string };
  blockId: string;
  actionId: string;
  /** For selects and pickers: the chosen option value, user id or date. */
  selected?: string;
}

export type { ViewValues } from './slack-payloads';

export function createSlackActor(o: SlackActorOptions) {
  const { state } = o;
  const user = (id: string): LocalUser => {
    const u = state.userById(id);
    if (!u) throw new UnknownInWorkspace(`unknown local user ${id}`);
    return u;
  };
  const deliver = async (body: string, json = false): Promise<SlackPost> => {
    const post = await o.send(body, json);
    if (post.status >= 400) o.log.warn({ status: post.status }, 'local slack: the app refused');
    return post;
  };
  const timedOut = (userId: string, post: SlackPost): boolean => {
    if (post.timedOut) state.notice('operation_timeout: the app did not answer in 3 s', userId);
    else if (post.status >= 400) state.notice(`The app answered HTTP ${post.status}`, userId);
    return post.timedOut || post.status >= 400;
  };

  return {
    /** `/health acme` typed in a channel. */
    async command(userId: string, channelId: string, line: string): Promise<void> {
      const u = user(userId);
      const channel = state.resolveChannel(channelId);
      if (!channel) throw new UnknownInWorkspace(`unknown channel ${channelId}`);
      const [command = ''] = line.trim().split(/\s+/);
      // Slack escapes & < > in what was typed, so that <…> can only be a link or mention.
      const text = escapeSlackText(line.trim().slice(command.length).trim());
      const source: Source = { userId, channel: channel.id, command: escapeSlackText(line.trim()) };
      const form = commandForm({
        user: u,
        command,
        text,
        channelId: channel.id,
        channelName: channel.kind === 'im' ? 'directmessage' : channel.name,
        responseUrl: o.responses.issue(source),
        triggerId: o.triggers.issue(userId),
      });
      const post = await deliver(form.toString());
      if (timedOut(userId, post)) return;
      const answer = answerJson(post);
      if (answer) applyResponse(state, source, answer);
    },

    /** A button, select or picker in a message or a view. */
    async click(c: Click): Promise<void> {
      const u = user(c.userId);
      const actionTs = state.nextTs();
      let payload: Json;
      if ('viewId' in c.source) {
        const view = state.findView(c.source.viewId);
        if (!view || view.userId !== c.userId) throw new UnknownInWorkspace('unknown view');
        const element = findElement((view.view.blocks as unknown[]) ?? [], c.blockId, c.actionId);
        if (!element) throw new UnknownInWorkspace('unknown element');
        payload = {
          type: 'block_actions',
          container: { type: 'view', view_id: view.id },
          view: viewJson(view),
          actions: [actionJson(element, c.blockId, c.selected, actionTs)],
        };
      } else {
        const { channel, ts } = c.source;
        const message = state.find(channel, ts);
        if (!message || (message.ephemeralTo && message.ephemeralTo !== c.userId)) {
          throw new UnknownInWorkspace('unknown message');
        }
        const element = findElement(message.blocks, c.blockId, c.actionId);
        if (!element) throw new UnknownInWorkspace('unknown element');
        const ephemeral = Boolean(message.ephemeralTo);
        const ch = state.channels.get(channel);
        payload = {
          type: 'block_actions',
          container: {
            type: 'message',
            message_ts: ts,
            channel_id: channel,
            is_ephemeral: ephemeral,
          },
          channel: { id: channel, name: ch?.kind === 'im' ? 'directmessage' : ch?.name },
          // Slack leaves the message out of clicks on ephemeral messages.
          ...(ephemeral
            ? {}
            : {
                message: {
                  type: 'message',
                  ts,
                  text: message.text,
                  blocks: message.blocks,
                  user: message.user,
                  ...(message.user === BOT_USER_ID ? { bot_id: 'BTENDBOT' } : {}),
                },
              }),
          response_url: o.responses.issue({ userId: c.userId, channel, ts, ephemeral }),
          actions: [actionJson(element, c.blockId, c.selected, actionTs)],
        };
      }
      const body = interactionJson(u, o.triggers.issue(c.userId), {
        ...payload,
        state: { values: {} },
      });
      const post = await deliver(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
      timedOut(c.userId, post);
    },

    /**
     * A message shortcut from a message's ⋯ menu ("Log to account"), sent as Slack sends a
     * `message_action`: the message, its channel, a trigger to open a modal with.
     */
    async shortcut(userId: string, channelId: string, ts: string, callbackId: string) {
      const u = user(userId);
      const message = state.find(channelId, ts);
      // Slack offers no shortcuts on an ephemeral message.
      if (!message || message.ephemeralTo) throw new UnknownInWorkspace('unknown message');
      const ch = state.channels.get(channelId);
      const body = interactionJson(u, o.triggers.issue(userId), {
        type: 'message_action',
        callback_id: callbackId,
        action_ts: state.nextTs(),
        message_ts: ts,
        response_url: o.responses.issue({ userId, channel: channelId, ts, ephemeral: false }),
        channel: { id: channelId, name: ch?.kind === 'im' ? 'directmessage' : ch?.name },
        message: {
          type: 'message',
          ts,
          text: message.text,
          user: message.user,
          ...(message.user === BOT_USER_ID ? { bot_id: 'BTENDBOT' } : {}),
        },
      });
      const post = await deliver(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
      timedOut(userId, post);
    },

    /** A modal's submit button; answers the errors to show, if the app returned any. */
    async submit(userId: string, viewId: string, values: ViewValues): Promise<void> {
      const u = user(userId);
      const stack = state.modalStack(userId);
      const view = stack.find((v) => v.id === viewId);
      if (!view) throw new UnknownInWorkspace('unknown view');
      const body = interactionJson(u, o.triggers.issue(userId), {
        type: 'view_submission',
        view: viewJson(view, values),
        response_urls: [],
      });
      const post = await deliver(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
      if (timedOut(userId, post)) return;
      const answer = answerJson(post);
      const rest = stack.filter((v) => v.id !== viewId);
      switch (answer?.response_action) {
        case 'errors':
          state.setModals(
            userId,
            stack.map((v) =>
              v.id === viewId ? { ...v, errors: answer.errors as Record<string, string> } : v,
            ),
          );
          return;
        case 'update':
          state.setModals(
            userId,
            stack.map((v) =>
              v.id === viewId ? { ...v, view: answer.view as Json, errors: {} } : v,
            ),
          );
          return;
        case 'push':
          state.setModals(userId, [
            ...stack,
            { id: state.nextId('V'), userId, view: answer.view as Json },
          ]);
          return;
        case 'clear':
          state.setModals(userId, []);
          return;
        default:
          state.setModals(userId, rest);
      }
    },

    /** Cancel / close: Slack only tells the app when the view asked (notify_on_close). */
    async close(userId: string, viewId: string): Promise<void> {
      const stack = state.modalStack(userId);
      const view = stack.find((v) => v.id === viewId);
      state.setModals(
        userId,
        stack.filter((v) => v.id !== viewId),
      );
      if (!view?.view.notify_on_close) return;
      const body = interactionJson(user(userId), null, {
        type: 'view_closed',
        view: viewJson(view),
        is_cleared: false,
      });
      await deliver(new URLSearchParams({ payload: JSON.stringify(body) }).toString());
    },

    /**
     * A message typed in a channel or the app's DM. Stored as Slack stores it (& < > escaped,
     * a leading "@Tend" as the bot's mention); a DM to the bot becomes a message.im event and
     * a message that mentions the bot an app_mention event, as Slack sends them.
     */
    async say(userId: string, channelId: string, typed: string): Promise<void> {
      user(userId);
      const channel = state.resolveChannel(channelId);
      if (!channel) throw new UnknownInWorkspace(`unknown channel ${channelId}`);
      const escaped = escapeSlackText(typed.trim());
      const mentions = /^@tend\b/i.test(escaped);
      const text = mentions ? escaped.replace(/^@tend\b/i, `<@${BOT_USER_ID}>`) : escaped;
      const ts = state.nextTs();
      state.add({ channel: channel.id, ts, user: userId, text, blocks: [] });
      const direct = channel.kind === 'im';
      if (!direct && !mentions) return;
      const event = direct
        ? { type: 'message', channel_type: 'im', user: userId, channel: channel.id, text, ts }
        : { type: 'app_mention', user: userId, channel: channel.id, text, ts };
      const body = eventCallback({ ...event, event_ts: ts }, state.nextId('Ev'), BOT_USER_ID);
      const post = await deliver(JSON.stringify(body), true);
      timedOut(userId, post);
    },

    /** Opening the app's Home tab: the app_home_opened event. */
    async openHome(userId: string): Promise<void> {
      user(userId);
      const ts = state.nextTs();
      const home = state.homes.get(userId);
      const event = {
        type: 'app_home_opened',
        user: userId,
        channel: state.dmOf(userId).id,
        tab: 'home',
        event_ts: ts,
        ...(home ? { view: viewJson(home) } : {}),
      };
      const body = eventCallback(event, state.nextId('Ev'), BOT_USER_ID);
      await deliver(JSON.stringify(body), true);
    },
  };
}

export type SlackActor = ReturnType<typeof createSlackActor>;
