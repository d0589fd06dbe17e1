import { App } from '@slack/bolt';
import type { AppContext } from '../../app/context';
import { userError } from '../../app/user-error';
import type { Route } from '../../http/server';
import { createPlatformStatus, type PlatformStatus } from '../../platform-status';
import { registerActions } from './actions';
import { auditSlack } from './audit-middleware';
import { registerCommands } from './commands';
import { connectSlack, type SlackConnection, SlackTokenRejected } from './connection';
import { slackDeps } from './deps';
import { registerEvents } from './events';
import { guardProcessEvent } from './inbound';
import { boltLogger } from './logger';
import { SLACK_EVENTS_PATH } from './paths';
import { GuardedReceiver } from './receiver';
import { registerShortcuts } from './shortcuts/log-to-account';
import { registerViews } from './views';
import { configuredWorkspace, type InstalledWorkspace } from './workspace';

export { SLACK_EVENTS_PATH };

export interface SlackAppOptions {
  ctx: AppContext;
  /** Bot token (xoxb-…). */
  token: string;
  /** HTTP mode: requests are verified with it (401 on a bad signature or an old timestamp). */
  signingSecret?: string;
  /** Socket Mode when set (xapp-…): no public URL, no HTTP route. */
  appToken?: string;
  /** Web API base URL (SLACK_API_URL), e.g. a stand-in; a trailing slash is added. */
  apiUrl?: string;
  /** Where Slack's reachability is reported (/readyz); a private one when not given. */
  status?: PlatformStatus;
  /** SLACK_TEAM_ID: the workspace served; unset = the one auth.test names at start. */
  teamId?: string;
  /** A slash command's late answer comes within this long (default 10 s). */
  lateAnswerMs?: number;
}

export interface SlackApp {
  app: App;
  /** POST /slack/events for our HTTP server; null in Socket Mode. */
  routes: Route[];
  /**
   * Checks the token (auth.test) and, in Socket Mode, connects. A refused token throws
   * (TendError slack_auth); Slack not answering does not: it is retried in the background.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: listeners registered per surface, mounted on our own HTTP server (our
 * GuardedReceiver verifies the signature on the raw body, then hands Bolt the parsed request).
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { ctx } = options;
  const logger = boltLogger(ctx.log);
  const clientOptions = {
    ...(options.apiUrl
      ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` }
      : {}),
    // Answers to a click are useless half an hour later: a few quick retries, not the default
    // ten over thirty minutes. Rate-limited calls still wait for Retry-After.
    retryConfig: { retries: 3, factor: 2, maxTimeout: 5_000 },
    timeout: 10_000,
  };
  const socketMode = Boolean(options.appToken);
  if (!socketMode && !options.signingSecret) {
    throw userError('slack_config', 'slack.needsSigningSecret');
  }
  let installed: InstalledWorkspace | null = configuredWorkspace(options.teamId);
  // The route below verifies the signature and timestamp and parses the body once
  // (guardSlackRequest), then hands Bolt the parsed body.
  const receiver = socketMode
    ? undefined
    : new GuardedReceiver({
        signingSecret: options.signingSecret!,
        installed: () => installed,
        log: ctx.log,
        logger,
      });
  let connection: SlackConnection | null = null;
  const app = new App({
    // Our own authorize instead of `token`: given a token, Bolt calls auth.test in its
    // constructor and keeps the promise; with Slack down that promise rejects unhandled (the
    // process dies) and every later request fails on the cached rejection even once Slack is
    // back. The identity comes from our own auth.test, retried until Slack answers.
    authorize: async () => {
      const who = connection?.identity() ?? {};
      return {
        botToken: options.token,
        ...(who.botId ? { botId: who.botId } : {}),
        ...(who.botUserId ? { botUserId: who.botUserId } : {}),
        ...(who.teamId ? { teamId: who.teamId } : {}),
      };
    },
    logger,
    clientOptions,
    // Tend keeps no per-conversation state in Bolt; its default in-memory store costs a
    // lookup and a promise chain on every request (about a sixth of /health's CPU).
    convoStore: false,
    // Bolt's ignoreSelf runs from the commands' global middleware instead (commands/index.ts).
    ignoreSelf: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken }),
  });
  app.error(async (error) => {
    ctx.log.error({ err: error }, 'slack: unhandled error in a listener');
  });
  guardProcessEvent(app, () => installed, ctx.log, auditSlack(ctx));
  const deps = slackDeps(ctx, { lateAnswerMs: options.lateAnswerMs });
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerShortcuts(app, deps);
  registerEvents(app, deps);

  return {
    app,
    routes: receiver
      ? [
          {
            method: 'POST',
            path: SLACK_EVENTS_PATH,
            handler: (req, res) => receiver.handle(req, res),
          },
        ]
      : [],
    start: async () => {
      try {
        connection = await connectSlack({
          token: options.token,
          ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
          log: ctx.log,
          status: options.status ?? createPlatformStatus(),
          onConnected: async (who) => {
            const named: InstalledWorkspace = {
              teamId: who.teamId ?? null,
              enterpriseId: who.enterpriseId ?? null,
              orgWide: who.orgWide === true,
            };
            const configured = configuredWorkspace(options.teamId);
            const mismatch = configured
              ? configured.orgWide
                ? configured.enterpriseId !== named.enterpriseId
                : configured.teamId !== named.teamId
              : false;
            if (mismatch) {
              throw userError('slack_team', 'slack.teamMismatch', {
                team: options.teamId ?? '',
                owner: named.teamId ?? named.enterpriseId ?? '',
              });
            }
            installed = configured ?? named;
            if (!socketMode) return;
            try {
              await app.start();
            } catch (error) {
              // The SDK's words stay as it gave them; the sentence around them is ours.
              throw userError('slack_socket', 'slack.socketFailed', {
                reason: (error as Error).message.split('\n')[0] ?? '',
              });
            }
          },
        });
      } catch (error) {
        if (error instanceof SlackTokenRejected) {
          throw userError('slack_auth', 'slack.tokenRejected', { reason: error.reason });
        }
        throw error;
      }
    },
    stop: async () => {
      connection?.stop();
      if (socketMode) await app.stop().catch(() => {});
    },
  };
}
