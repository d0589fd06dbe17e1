import type { AppContext } from '../../../src/app/context';
import {
  type SlackApiStandIn,
  startSlackApiStandIn,
} from '../../../src/chat/local/slack-api-stand-in';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/app';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import type { DB } from '../../../src/db/schema';
import { healthRoutes } from '../../../src/http/routes/health';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { createLogger, silentLogger } from '../../../src/log';
import { SIGNING_SECRET } from '../../helpers/slack-signing';

/** Monday 23 Nov 2026, 10:00 UTC: "by friday" is 27 Nov. */
export const NOW = '2026-11-23T10:00:00Z';
export const ANN = { id: 'U0ANN', email: 'ann@tend.test', name: 'Ann Example' };
export const NOMAIL = { id: 'U0NOMAIL', name: 'Guest Without Mail' };

export interface Harness {
  ctx: AppContext;
  slack: SlackApp;
  standIn: SlackApiStandIn;
  http: HttpServer;
  /** POST /slack/events on our real HTTP server. */
  eventsUrl: string;
  /** GET /healthz on the same server: is the process still answering? */
  healthzUrl: string;
  /** Error lines the bot logged (a listener that threw, a failed answer), as JSON. */
  errors: string[];
  close(): Promise<void>;
}

/** Our real HTTP server with the real Bolt app on it, its Web API pointed at a stand-in. */
export async function startHarness(db: DB): Promise<Harness> {
  const standIn = await startSlackApiStandIn();
  standIn.users.set(ANN.id, { email: ANN.email, name: ANN.name });
  standIn.users.set(NOMAIL.id, { email: null, name: NOMAIL.name });
  const errors: string[] = [];
  const ctx: AppContext = {
    db,
    config: loadConfig({}),
    clock: fixedClock(NOW),
    log: createLogger('error', { write: (line: string) => void errors.push(line) }),
  };
  const slack = createSlackApp({
    ctx,
    token: 'xoxb-test-token',
    signingSecret: SIGNING_SECRET,
    apiUrl: standIn.apiUrl,
  });
  await slack.start();
  const http = createHttpServer([...slack.routes, ...healthRoutes(async () => true)], silentLogger);
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    ctx,
    slack,
    standIn,
    http,
    eventsUrl: `${url}/slack/events`,
    healthzUrl: `${url}/healthz`,
    errors,
    close: async () => {
      await slack.stop();
      await http.close();
      await standIn.close();
    },
  };
}

/** Accounts the tests talk about: one Acme, two Globex (ambiguous), all owned by Ann. */
export async function seedAccounts(db: DB): Promise<{ acme: number; globexEast: number }> {
  const rows = await db
    .insertInto('accounts')
    .values([
      {
        external_id: 'acme-1',
        name: 'Acme Corp',
        domain: 'acme.com',
        arr: 120000,
        owner_email: ANN.email,
        renewal_date: '2027-01-07',
      },
      { external_id: 'globex-e', name: 'Globex East', arr: 50000, owner_email: ANN.email },
      { external_id: 'globex-w', name: 'Globex West', arr: 40000, owner_email: 'bob@tend.test' },
    ])
    .returning(['id', 'external_id'])
    .execute();
  const id = (ext: string) => rows.find((r) => r.external_id === ext)!.id;
  await db
    .insertInto('health_snapshots')
    .values({
      account_id: id('acme-1'),
      day: '2026-11-23',
      score: 55,
      band: 'yellow',
      measures: '[]',
      drivers: '[]',
      onboarding: false,
    })
    .execute();
  return { acme: id('acme-1'), globexEast: id('globex-e') };
}

let triggers = 0;
export const nextTrigger = () => `trigger.${Date.now()}.${++triggers}`;

/** A block_actions payload for a button click, as Slack sends it. */
export function buttonClick(options: {
  userId: string;
  actionId: string;
  value: string;
  responseUrl?: string;
  ephemeral?: boolean;
  container?: Record<string, unknown>;
  view?: Record<string, unknown>;
}) {
  return {
    type: 'block_actions',
    user: { id: options.userId, username: 'u', name: 'u', team_id: 'T0STANDIN' },
    api_app_id: 'A0TEND',
    token: 'deprecated',
    team: { id: 'T0STANDIN', domain: 'standin' },
    trigger_id: nextTrigger(),
    ...(options.view ? { view: options.view } : { channel: { id: 'C0GENERAL', name: 'general' } }),
    container: options.container ?? {
      type: 'message',
      message_ts: '1732350000.000100',
      channel_id: 'C0GENERAL',
      is_ephemeral: options.ephemeral ?? true,
    },
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: options.actionId,
        block_id: 'b1',
        value: options.value,
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: 'x' },
      },
    ],
  };
}
