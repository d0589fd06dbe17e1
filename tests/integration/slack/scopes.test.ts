import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Bot scopes each Web API method needs, from Slack's method and scope reference
 * (docs.slack.dev/reference/methods/<method>, …/scopes/<scope>):
 * - chat.postMessage, chat.postEphemeral, chat.update: `chat:write` (scope page "Compatible API
 *   methods"). chat.postMessage also gets `chat:write.public`: Tend posts alerts, reminders and
 *   digests into account and subscribed channels it may not have been invited to ("Send messages
 *   to channels your app isn't a member of"; requires chat:write). A message to a user id (the
 *   owner's DM) needs no `im:write`: that scope is for conversations.open.
 * - users.info: `users:read`; the profile's e-mail, which is how Tend matches a person to a CSM,
 *   needs `users:read.email` ("users:read is no longer a sufficient scope for this data field").
 * - views.open, views.publish, auth.test: no scope ("scopes: {}").
 * - conversations.history: the `*:history` scope of the kind of conversation read. Tend reads
 *   a channel's history only to find a post whose outcome it does not know (a crash or a
 *   timeout after Slack may have taken it), by the outbox id in the message's metadata:
 *   `channels:history` (public), `groups:history` (private), `im:history` (a person's DM with
 *   the bot). conversations.open (to find that DM from a user id): `im:write`.
 * - conversations.replies: the same `*:history` scopes; Tend reads a thread only to find a
 *   thread reply whose outcome it does not know (the channel's history holds no replies).
 * - conversations.info: `channels:read` for public channels, `groups:read` for private ones
 *   (Tend asks whether a channel is shared through Slack Connect: `is_ext_shared`).
 * - files.uploadV2 (files.getUploadURLExternal + the upload + files.completeUploadExternal):
 *   `files:write` (the charts, shared in the person's DM with Tend).
 * A method missing here fails the test: look its scopes up before using it.
 * Events need their own scope (docs.slack.dev/reference/events/<event>): app_mention
 * `app_mentions:read`; message.im `im:history`; app_home_opened none.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  // Slack's docs list no scope for it: any message the bot can see.
  'chat.getPermalink': [],
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'conversations.open': ['im:write'],
  'conversations.info': ['channels:read', 'groups:read'],
  'files.uploadV2': ['files:write'],
  'users.info': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.publish': [],
};
/** Scopes that come with a manifest feature rather than a method. */
const FEATURE_SCOPES = { slashCommands: 'commands' };
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
};

const ROOT = new URL('../../../', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every Web API method the Slack adapter calls: `client.chat.update(` or `call('chat.update'`. */
function methodsCalled(): Set<string> {
  const found = new Set<string>();
  for (const file of filesUnder(join(ROOT, 'src/chat/slack'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z0-9]+)\s*\(/g)) {
      found.add(`${m[1]}.${m[2]}`);
    }
    for (const m of text.matchAll(/\bcall\(\s*'([a-z]+\.[a-zA-Z]+)'/g)) found.add(m[1] as string);
  }
  return found;
}

interface Manifest {
  features: { slash_commands?: unknown[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
}

describe('the Slack manifests ask for the scopes Tend uses, and only those', () => {
  const methods = methodsCalled();

  it('finds the methods the adapter calls, each with known scopes', () => {
    expect([...methods].sort()).toEqual(expect.arrayContaining(['chat.postMessage', 'users.info']));
    for (const method of methods) expect(Object.keys(METHOD_SCOPES)).toContain(method);
  });

  for (const file of ['manifest.yaml', 'manifest.socket-mode.yaml']) {
    it(`${file}: requested scopes = scopes of the methods called`, () => {
      const manifest = parse(readFileSync(join(ROOT, 'manifests/slack', file), 'utf8')) as Manifest;
      const needed = new Set([...methods].flatMap((m) => METHOD_SCOPES[m] ?? []));
      for (const event of manifest.settings.event_subscriptions.bot_events) {
        expect(Object.keys(EVENT_SCOPES), 'an event with unknown scopes').toContain(event);
        for (const scope of EVENT_SCOPES[event] ?? []) needed.add(scope);
      }
      if ((manifest.features.slash_commands ?? []).length > 0) {
        needed.add(FEATURE_SCOPES.slashCommands);
      }
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
    });
  }
});
