import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_IDS } from '../../../src/cards/actions';
import { COMMAND_HELP } from '../../../src/cards/help-card';
import { BUTTONS } from '../../../src/chat/slack/actions';
import { COMMANDS } from '../../../src/chat/slack/commands';
import { EVENTS } from '../../../src/chat/slack/events';
import { LOG_TO_ACCOUNT } from '../../../src/chat/slack/shortcuts/log-to-account';

interface Manifest {
  features: {
    slash_commands: { command: string; url?: string }[];
    app_home: Record<string, unknown>;
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const load = (file: string) =>
  parse(
    readFileSync(new URL(`../../../manifests/slack/${file}`, import.meta.url), 'utf8'),
  ) as Manifest;
const http = load('manifest.yaml');
const socket = load('manifest.socket-mode.yaml');
const commandsOf = (m: Manifest) => m.features.slash_commands.map((c) => c.command).sort();

describe('Slack manifest', () => {
  it('lists exactly the commands Tend has a handler for', () => {
    expect(commandsOf(http)).toEqual(COMMANDS.map((c) => c.command).sort());
  });

  it('has the same commands, scopes and events in the Socket Mode variant, without URLs', () => {
    expect(commandsOf(socket)).toEqual(commandsOf(http));
    expect(socket.oauth_config.scopes.bot).toEqual(http.oauth_config.scopes.bot);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(
      http.settings.event_subscriptions.bot_events,
    );
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('https://');
  });

  it('sends commands, interactivity and events to POST /slack/events in HTTP mode', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    const urls = [
      ...http.features.slash_commands.map((c) => c.url),
      http.settings.interactivity.request_url,
      http.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(new URL(url!).pathname).toBe('/slack/events');
    expect(http.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the events Tend listens to, and asks for the scopes it uses', () => {
    expect(http.settings.event_subscriptions.bot_events).toEqual([...EVENTS]);
    expect(http.features.app_home.messages_tab_enabled).toBe(true);
    expect(http.features.app_home.home_tab_enabled).toBe(true);
    for (const scope of ['commands', 'chat:write', 'users:read', 'users:read.email']) {
      expect(http.oauth_config.scopes.bot).toContain(scope);
    }
  });

  it('declares the message shortcut Tend listens to, in both variants', () => {
    for (const m of [http, socket]) {
      expect(m.features.shortcuts).toEqual([
        expect.objectContaining({ type: 'message', callback_id: LOG_TO_ACCOUNT }),
      ]);
    }
  });

  it('has a help line for every command and a listener for known button ids only', () => {
    for (const c of commandsOf(http)) {
      expect(COMMAND_HELP.some((h) => h.usage.startsWith(c))).toBe(true);
    }
    for (const b of BUTTONS) expect(ACTION_IDS).toContain(b.actionId);
  });
});
