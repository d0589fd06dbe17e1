import type { AppContext } from '../../../src/app/context';
import {
  type BotConnectorStandIn,
  startBotConnectorStandIn,
} from '../../../src/chat/local/bot-connector-stand-in';
import { teamsRoutes } from '../../../src/chat/teams/http';
import { fixedClock } from '../../../src/clock';
import type { DatabaseHandle } from '../../../src/db/database';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { testConfig } from '../../helpers/fixtures';

export const BOT = { id: '28:tend-bot', name: 'Tend' };
export const JANE = { id: '29:jane', name: 'Jane Doe', aadObjectId: 'aad-jane' };
export const TENANT = 'tenant-one';
export const PERSONAL = 'a:personal-jane';
export const CHANNEL = '19:general@thread.tacv2';
export const TEAM = '19:team@thread.tacv2';

export interface Harness {
  ctx: AppContext;
  standIn: BotConnectorStandIn;
  url: string;
  /** Posts one activity to /api/messages with the serviceUrl of the stand-in. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

let seq = 0;
export const nextId = () => `act-${++seq}`;

/** A real Teams activity shape: personal chat by default. */
export function personal(text: string, over: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: nextId(),
    timestamp: '2026-11-23T10:00:00.000Z',
    channelId: 'msteams',
    from: JANE,
    recipient: BOT,
    conversation: { id: PERSONAL, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    ...over,
  };
}

/** A channel message that @mentions the bot, in the thread of post 111. */
export function inChannel(text: string, mention = true, over: Record<string, unknown> = {}) {
  return personal(mention ? `<at>Tend</at> ${text}` : text, {
    conversation: {
      id: `${CHANNEL};messageid=111`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT,
    },
    channelData: {
      tenant: { id: TENANT },
      team: { id: TEAM },
      channel: { id: CHANNEL },
      teamsChannelId: CHANNEL,
      teamsTeamId: TEAM,
    },
    entities: mention
      ? [{ type: 'mention', text: '<at>Tend</at>', mentioned: { id: BOT.id, name: BOT.name } }]
      : [],
    ...over,
  });
}

/** An Action.Execute click as Teams sends it. */
export function invoke(verb: string, data: Record<string, unknown>, over = {}) {
  return personal('', {
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    value: { action: { type: 'Action.Execute', verb, data: { verb, ...data } }, trigger: 'manual' },
    replyToId: 'activity-1',
    ...over,
  });
}

export async function startHarness(
  handle: DatabaseHandle,
  env: NodeJS.ProcessEnv = {},
): Promise<Harness> {
  const ctx: AppContext = {
    db: handle.db,
    config: testConfig(env),
    clock: fixedClock('2026-11-23T10:00:00Z'),
    log: silentLogger,
  };
  const standIn = await startBotConnectorStandIn();
  standIn.members.set(JANE.id, {
    ...JANE,
    email: 'Jane@Acme.com',
    userPrincipalName: 'jane@acme.com',
  });
  const server: HttpServer = createHttpServer(teamsRoutes(ctx), silentLogger);
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    ctx,
    standIn,
    url,
    post: (activity, headers = {}) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ serviceUrl: standIn.url, ...activity }),
      }),
    close: async () => {
      await server.close();
      await standIn.close();
    },
  };
}

/** The Adaptive Card of a recorded call. */
export function cardOf(body: Record<string, unknown>): { body: Record<string, unknown>[] } {
  const attachments = body.attachments as { contentType: string; content: never }[];
  if (attachments?.[0]?.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`not a card: ${JSON.stringify(body).slice(0, 200)}`);
  }
  return attachments[0].content;
}

/** Every element of an Adaptive Card with this property, depth first. */
export function findAll(value: unknown, key: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (key in v) out.push(v as Record<string, unknown>);
      for (const [k, child] of Object.entries(v)) if (k !== 'fallback') walk(child);
    }
  };
  walk(value);
  return out;
}

/** The verbs of a card's Action.Execute buttons, in order. */
export const verbsOf = (card: unknown) =>
  findAll(card, 'verb')
    .filter((a) => a.type === 'Action.Execute')
    .map((a) => a.verb);
