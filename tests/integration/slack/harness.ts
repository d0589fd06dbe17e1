import type { AppContext } from '../../../src/app/context';
import { actionJson, interactionJson } from '../../../src/chat/local/slack-payloads';
import { createSlackApp, type SlackApp } from '../../../src/chat/slack/app';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import type { DB } from '../../../src/db/schema';
import { healthRoutes } from '../../../src/http/routes/health';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { createLogger, silentLogger } from '../../../src/log';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';
import { commandBody, postCommand, SIGNING_SECRET } from '../../helpers/slack-signing';

/** Monday 23 Nov 2026, 10:00 UTC: "by friday" is 27 Nov. */
export const NOW = '2026-11-23T10:00:00Z';
export const ANN = { id: 'U0ANN', email: 'ann@tend.test', name: 'Ann Example' };
/** The bot token Tend and the emulator share (a wrong one gets invalid_auth). */
export const BOT_TOKEN = 'xoxb-test-token';
export const NOMAIL = { id: 'U0NOMAIL', name: 'Guest Without Mail' };

export interface Harness {
  ctx: AppContext;
  slack: SlackApp;
  emulator: RunningSlackEmulator;
  http: HttpServer;
  /** POST /slack/events on our real HTTP server. */
  eventsUrl: string;
  /** GET /healthz on the same server: is the process still answering? */
  healthzUrl: string;
  /** Error lines the bot logged (a listener that threw, a failed answer), as JSON. */
  errors: string[];
  close(): Promise<void>;
}

/** The emulator of the harness started last: trigger ids come from it, as from Slack. */
let current: RunningSlackEmulator | null = null;

/** Our real HTTP server with the real Bolt app on it, its Web API pointed at the emulator. */
export async function startHarness(db: DB, o: { lateAnswerMs?: number } = {}): Promise<Harness> {
  const emulator = await startSlackEmulator({ token: BOT_TOKEN });
  current = emulator;
  emulator.addUser(ANN);
  emulator.addUser({ ...NOMAIL, email: null });
  const errors: string[] = [];
  const ctx: AppContext = {
    db,
    config: loadConfig({}),
    clock: fixedClock(NOW),
    log: createLogger('error', { write: (line: string) => void errors.push(line) }),
  };
  const slack = createSlackApp({
    ctx,
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: emulator.apiUrl,
    ...(o.lateAnswerMs ? { lateAnswerMs: o.lateAnswerMs } : {}),
  });
  await slack.start();
  const http = createHttpServer([...slack.routes, ...healthRoutes(async () => true)], silentLogger);
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    ctx,
    slack,
    emulator,
    http,
    eventsUrl: `${url}/slack/events`,
    healthzUrl: `${url}/healthz`,
    errors,
    close: async () => {
      await slack.stop();
      await http.close();
      await emulator.close();
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

/** A trigger_id the emulator issued (views.open refuses others, as Slack does). */
export const nextTrigger = (userId = ANN.id) => {
  if (!current) throw new Error('start a harness first');
  return current.trigger(userId);
};

/**
 * A slash command as a person types it in a channel, signed and posted to the harness; the
 * acknowledgement's JSON as text (a status other than 200 fails the test).
 */
export async function slashAs(
  h: Pick<Harness, 'eventsUrl' | 'emulator'>,
  command: string,
  text: string,
  user: string,
  channel = 'C0GEN',
): Promise<string> {
  const res = await postCommand(
    h.eventsUrl,
    commandBody({
      command,
      text,
      user_id: user,
      channel_id: channel,
      trigger_id: nextTrigger(user),
      response_url: h.emulator.responseUrl(),
    }),
  );
  if (res.status !== 200) throw new Error(`${command} ${text}: HTTP ${res.status}`);
  return JSON.stringify(await res.json());
}

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
  const button = {
    type: 'button',
    action_id: options.actionId,
    value: options.value,
    text: { type: 'plain_text', text: 'x' },
  };
  return interactionJson({ id: options.userId, email: '' }, nextTrigger(options.userId), {
    type: 'block_actions',
    ...(options.view ? { view: options.view } : { channel: { id: 'C0GENERAL', name: 'general' } }),
    container: options.container ?? {
      type: 'message',
      message_ts: '1732350000.000100',
      channel_id: 'C0GENERAL',
      is_ephemeral: options.ephemeral ?? true,
    },
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    actions: [actionJson(button, 'b1', undefined, `${Date.now() / 1000}`)],
  });
}
