import { randomBytes } from 'node:crypto';
import { resolveChatUser } from '../../app/chat-users';
import type { AppContext } from '../../app/context';
import { type Config, isLoopback } from '../../config';
import { guardExternalChannels } from '../../delivery/external-guard';
import { createOutboxWorker, type OutboxWorker, settingsOptions } from '../../delivery/worker';
import type { Route } from '../../http/server';
import type { SlackApp } from '../slack/app';
import { createSlackChannelInspector } from '../slack/channel-inspector';
import { SLACK_EVENTS_PATH } from '../slack/paths';
import { createSlackSender } from '../slack/sender';
import { loadLocalUsers } from './directory';
import { localJobRunner } from './jobs';
import { conversationPath, type KeptConversation, keepConversation } from './persist';
import { createResponseUrls, type ResponseUrls } from './responses';
import { createSlackActor, type SlackActor } from './slack-actor';
import { createSlackEmulator } from './slack-emulator';
import { signedHttp } from './slack-signing';
import {
  type SlackSocketMode,
  socketModeTransport,
  startSlackSocketMode,
} from './slack-socket-mode';
import { WorkspaceState } from './state';
import { startTeamsActor, type TeamsActor } from './teams-actor';

export const LOCAL_SLACK_API_PATH = '/local/slack/api/';

export type LocalJobName = 'risk' | 'signals' | 'renewals' | 'digest' | 'escalate' | 'hubspot';
/**
 * Runs a job now (the same code as `tend jobs run`), once per `key` (the click's instant);
 * answers a one-line summary.
 */
export type LocalJobRunner = (name: LocalJobName, key?: Date) => Promise<string>;

export interface LocalWorkspaceDecision {
  on: boolean;
  /** Slack runs against the built-in stand-in (no Slack credentials set). */
  slack: boolean;
  /** Why it is off, or a warning to log when it is on. */
  note?: string;
}

/**
 * The local workspace runs in a local trial (config.mode, see config.ts) unless turned off.
 * In production it never runs; the note says why when that is worth knowing (no credentials,
 * but a non-loopback address). TEND_LOCAL_WORKSPACE=on in production never gets here: the
 * configuration is refused at start.
 */
export function decideLocalWorkspace(config: Config): LocalWorkspaceDecision {
  const env = config.env;
  if (config.mode === 'local') {
    return env.TEND_LOCAL_WORKSPACE === 'off'
      ? { on: false, slack: false }
      : { on: true, slack: true };
  }
  const hasCredentials = Boolean(env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.MicrosoftAppId);
  if (hasCredentials || env.TEND_LOCAL_WORKSPACE === 'off' || isLoopback(config.http.host)) {
    return { on: false, slack: false };
  }
  return {
    on: false,
    slack: false,
    note:
      `no Slack or Teams credentials, but HOST is ${config.http.host}, so the local workspace ` +
      'stays off (it lets anyone act as any CSM). Set HOST=127.0.0.1 to try Tend locally.',
  };
}

export interface LocalWorkspace {
  state: WorkspaceState;
  /** The stand-in's Web API base and bot token: what an outbox Slack sender should use. */
  slackApi(): { apiUrl: string; token: string };
  actor(): SlackActor;
  /** Whether the Slack side runs (it does not when real Slack credentials are set). */
  slackRunning(): boolean;
  /** The Teams side: null when a Teams app id is set (real Teams) or before start. */
  teams(): TeamsActor | null;
  jobs: LocalJobRunner | null;
  /** The Slack stand-in and /slack/events (the page's own are in http/routes). */
  routes: Route[];
  /**
   * Once the server listens: loads the users; the real Bolt app on the stand-in starts on the
   * page's first Slack message (at once in Socket Mode).
   */
  start(baseUrl: string): Promise<string>;
  stop(): Promise<void>;
}

export interface LocalWorkspaceOptions {
  ctx: AppContext;
  decision: LocalWorkspaceDecision;
  /** Replaces the default runner (`tend jobs run`'s code); tests may pass their own. */
  jobs?: LocalJobRunner;
}

/** Nobody rate-limits the stand-in: proactive messages show at once rather than at 1/s. */
const LOCAL_PACE = { rate: 50, burst: 50 };

export function createLocalWorkspace(options: LocalWorkspaceOptions): LocalWorkspace {
  const { ctx } = options;
  const state = new WorkspaceState();
  const token = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  let base = '';
  let actor: SlackActor | null = null;
  let worker: OutboxWorker | null = null;
  let teams: TeamsActor | null = null;
  // TEND_LOCAL_SLACK_MODE=socket: the Bolt app connects out over Socket Mode, as it does with
  // SLACK_APP_TOKEN, and the page's requests reach it as envelopes instead of signed POSTs.
  const socketMode = ctx.config.env.TEND_LOCAL_SLACK_MODE === 'socket';
  let socket: SlackSocketMode | null = null;
  const responses: ResponseUrls = createResponseUrls(state, () => base);
  const log = ctx.log.child({ component: 'local-workspace' });
  // On the embedded database the conversation is kept beside it and comes back after a restart.
  const kept: KeptConversation | null =
    ctx.config.database.kind === 'embedded'
      ? keepConversation(state, conversationPath(ctx.config.database.dataDir), log)
      : null;
  // The same Slack emulator the tests run against, here without faults or rate limits.
  const emulator = createSlackEmulator({ state, token, log, record: false });
  const triggers = emulator.triggers;

  const slackRoutes: Route[] = options.decision.slack
    ? [
        {
          method: 'POST',
          path: `${LOCAL_SLACK_API_PATH}:method`,
          handler: (req, res, params) =>
            params.method === 'apps.connections.open' && socket
              ? socket.connectionsOpen(req, res)
              : emulator.handleApi(req, res, params.method ?? ''),
        },
        { method: 'POST', path: '/local/slack/respond/:id', handler: responses.handler },
        {
          method: 'POST',
          path: '/local/slack/upload/:id',
          handler: (req, res, params) => emulator.handleUpload(req, res, params.id ?? ''),
        },
        {
          method: 'GET',
          path: '/local/slack/files/:id',
          handler: async (_req, res, params) => emulator.serveFile(res, params.id ?? ''),
        },
      ]
    : [];
  // Bolt (with Express and undici) is loaded when the page first speaks to the Slack side, not
  // at start: a trial that has not typed yet holds none of it. Socket Mode connects out, so it
  // starts with the server. A start that failed is tried again on the next message.
  let slackStarting: Promise<SlackApp> | null = null;
  const startSlack = (): Promise<SlackApp> => {
    slackStarting ??= (async () => {
      const { createSlackApp } = await import('../slack/app');
      const app = createSlackApp({
        ctx,
        token,
        ...(socket ? { appToken: `xapp-local-${randomBytes(12).toString('hex')}` } : {}),
        ...(socket ? {} : { signingSecret: secret }),
        apiUrl: `${base}${LOCAL_SLACK_API_PATH}`,
      });
      await app.start();
      return app;
    })().catch((error) => {
      slackStarting = null;
      throw error;
    });
    return slackStarting;
  };
  // Slack's 3 s to answer starts once the app runs: loading Bolt on the first message is the
  // stand-in's delay, not the app's, and must not time that message out.
  const afterSlackStarts =
    <A extends unknown[], R>(send: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await startSlack();
      return send(...args);
    };
  if (options.decision.slack && !socketMode) {
    slackRoutes.push({
      method: 'POST',
      path: SLACK_EVENTS_PATH,
      // The Bolt app exists once the server listens (its API URL needs the port).
      handler: async (req, res, params) => {
        let route: Route | undefined;
        try {
          route = base ? (await startSlack()).routes[0] : undefined;
        } catch (error) {
          log.error({ err: error }, 'the local Slack app did not start');
        }
        if (!route) {
          res.writeHead(503).end();
          return;
        }
        return route.handler(req, res, params);
      },
    });
  }

  const workspace: LocalWorkspace = {
    state,
    slackApi: () => ({ apiUrl: `${base}${LOCAL_SLACK_API_PATH}`, token }),
    actor: () => {
      if (!actor) throw new Error('the local Slack workspace is not running');
      return actor;
    },
    slackRunning: () => actor !== null,
    teams: () => teams,
    jobs:
      options.jobs ??
      (options.decision.slack ? localJobRunner(ctx, async () => worker?.runUntilIdle()) : null),
    routes: slackRoutes,
    async start(baseUrl) {
      base = baseUrl.replace(/\/$/, '');
      state.users = await loadLocalUsers(ctx);
      if (options.decision.slack) {
        if (socketMode) socket = await startSlackSocketMode(emulator, log);
        // Shared channels are checked against the stand-in, as against Slack.
        ctx.channels = {
          ...ctx.channels,
          slack: createSlackChannelInspector({ token, apiUrl: `${base}${LOCAL_SLACK_API_PATH}` }),
        };
        if (socket) await startSlack();
        actor = createSlackActor({
          state,
          triggers,
          responses,
          log,
          send: socket
            ? socketModeTransport(socket)
            : afterSlackStarts(signedHttp(() => `${base}${SLACK_EVENTS_PATH}`, secret)),
        });
        await knowUsers(ctx, state);
        // Proactive Slack messages (alerts, reminders, digests) go to the stand-in. Without
        // Slack credentials no other worker claims Slack's outbox rows.
        worker = createOutboxWorker(ctx, {
          instance: `local-workspace:${process.pid}`,
          senders: guardExternalChannels(ctx, {
            slack: createSlackSender({ token, apiUrl: `${base}${LOCAL_SLACK_API_PATH}` }),
          }),
          pace: { slack: LOCAL_PACE },
          ...settingsOptions(ctx.config.settings),
        });
        worker.start();
      }
      if (!ctx.config.env.MicrosoftAppId) {
        teams = await startTeamsActor({
          users: () => state.users,
          messagesUrl: () => `${base}/api/messages`,
          log,
          ...(kept ? { kept: kept.teams } : {}),
        });
        kept?.watchTeams(teams.all);
        teams.events.on('event', (event) => {
          const id = 'message' in event ? event.message.conversationId : event.conversationId;
          state.emit('event', { type: 'teams', userId: id.replace(/^a:local-/, ''), event });
        });
      }
      if (options.decision.note) log.warn(options.decision.note);
      return `${base}/`;
    },
    async stop() {
      // Saved before the Teams side closes, while its messages are still at hand.
      kept?.flush();
      await teams?.close();
      await worker?.stop();
      await slackStarting?.then((app) => app.stop()).catch(() => {});
      await socket?.close();
      kept?.flush();
      kept?.stop();
      // Ends the page's event streams, so the server can close without waiting for them.
      state.emit('closed');
      state.removeAllListeners();
    },
  };
  return workspace;
}

/**
 * Records every local user as a known Slack user (as their first command would), so the
 * jobs can reach the CSMs who own the accounts in a direct message from the start.
 */
async function knowUsers(ctx: AppContext, state: WorkspaceState): Promise<void> {
  for (const u of state.users) {
    await resolveChatUser(ctx, 'slack', u.id, async () => ({ email: u.email, name: u.name }));
  }
}
