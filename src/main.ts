import { AccountIndex, memoryFeed } from './app/account-index';
import { CARD_CHANNEL, CardCache } from './app/card-cache';
import type { AppContext } from './app/context';
import { outboxBacklog } from './app/job-status';
import { seedDemoIfEmpty } from './app/seed';
import { startLocalWorkspaceFor } from './chat/local/start';
import { createSlackChannelInspector } from './chat/slack/channel-inspector';
import { slackFromConfig } from './chat/slack/from-config';
import { createSlackSender } from './chat/slack/sender';
import { teamsRoutes } from './chat/teams/http';
import { openContext } from './cli/context';
import { startControlSocket } from './cli/control-socket';
import { demoFirstRun } from './cli/demo-first-run';
import type { CliIo, ExitCode } from './cli/io';
import type { Config } from './config';
import type { DatabaseHandle } from './db/database';
import type { Senders } from './delivery/sender';
import type { ChannelInspectors } from './domain/external-channels';
import { createMetrics } from './http/metrics';
import { apiV1Routes } from './http/routes/api-v1';
import { healthRoutes, READY_TIMEOUT_MS } from './http/routes/health';
import { metricsRoutes } from './http/routes/metrics';
import { trackRoutes } from './http/routes/track';
import { zendeskRoutes } from './http/routes/webhooks-zendesk';
import { createHttpServer, type Route } from './http/server';
import { startBackgroundWork } from './jobs/service';
import { createDisposers } from './lifecycle';
import { createPlatformStatus, type PlatformStatus } from './platform-status';

export interface RunningService {
  url: string;
  /** The local workspace page, when it runs (no platform credentials, loopback). */
  workspaceUrl?: string;
  ctx: AppContext;
  stop(): Promise<void>;
}

/**
 * `/api/messages` exists only where something can authenticate it or nothing can reach it:
 * with a Teams app id (Bot Framework checks every token), or for the local workspace in a local
 * trial (loopback, no credentials). Without an app id the adapter accepts anyone and posts cards
 * to any `serviceUrl` it is given, so a Slack-only production install must not mount it.
 */
export function teamsEndpointMounted(config: Config, localWorkspace: boolean): boolean {
  return Boolean(config.env.MicrosoftAppId) || (config.mode === 'local' && localWorkspace);
}

function routesFor(
  ctx: AppContext,
  handle: DatabaseHandle,
  localWorkspace: boolean,
  status: PlatformStatus,
): Route[] {
  return [
    ...healthRoutes(
      () => handle.ping(),
      READY_TIMEOUT_MS,
      () => status.snapshot(),
    ),
    ...apiV1Routes(ctx),
    ...trackRoutes(ctx),
    ...zendeskRoutes(ctx),
    ...(teamsEndpointMounted(ctx.config, localWorkspace) ? teamsRoutes(ctx) : []),
  ];
}

/** Where the outbox worker can send. The local workspace runs its own worker for its stand-in. */
function sendersFor(config: Config): Senders {
  const senders: Senders = {};
  const token = config.env.SLACK_BOT_TOKEN;
  if (token) {
    senders.slack = createSlackSender({ token, apiUrl: config.env.SLACK_API_URL });
  }
  return senders;
}

/** How to ask each configured platform whether a channel is shared outside the organisation. */
async function channelInspectorsFor(ctx: AppContext): Promise<ChannelInspectors> {
  const { env } = ctx.config;
  const inspectors: ChannelInspectors = {};
  if (env.SLACK_BOT_TOKEN) {
    inspectors.slack = createSlackChannelInspector({
      token: env.SLACK_BOT_TOKEN,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    });
  }
  if (env.MicrosoftAppId) {
    const { createTeamsChannelInspector } = await import('./chat/teams/channel-inspector');
    inspectors.teams = createTeamsChannelInspector(ctx);
  }
  return inspectors;
}

export interface ServiceOptions {
  /** Scheduler and outbox worker (default on); tests turn them off and drive jobs by hand. */
  jobs?: boolean;
}

/**
 * The composition root: config → database → app → HTTP, chat adapters and jobs. Each resource
 * registers its closer as soon as it is open; a start that fails closes what it opened, in
 * reverse, and rethrows, so the process is free to exit.
 */
export async function startService(
  config: Config,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const started = Date.now();
  // Where a start's time goes, in the ready line: what to attack when start-up is slow.
  const phases: Record<string, number> = { modulesMs: Math.round(performance.now()) };
  let mark = started;
  const phase = (name: string) => {
    const now = Date.now();
    phases[`${name}Ms`] = now - mark;
    mark = now;
  };
  // A new embedded folder is made ready (initdb, migrations, demo seed) in a child process.
  const opened = await openContext(config, { firstRun: demoFirstRun(config) });
  phase('database');
  const { handle } = opened;
  const disposers = createDisposers(opened.ctx.log);
  disposers.add('database', () => handle.close());
  // Account cards and the lookup index from memory, kept by NOTIFY from any replica's writes
  // (card-cache.ts, account-index.ts).
  const cardCache = new CardCache();
  const accountIndex = new AccountIndex();
  const ctx: AppContext = { ...opened.ctx, cardCache, accountIndex };
  try {
    const feed = await handle.listen(
      CARD_CHANNEL,
      memoryFeed([cardCache, accountIndex], (reason) =>
        ctx.log.warn({ reason }, 'card cache and lookup index off: LISTEN lost'),
      ),
    );
    disposers.add('card cache feed', () => feed.stop());
    const status = createPlatformStatus();
    ctx.channels = await channelInspectorsFor(ctx);
    const slack = await slackFromConfig(ctx, status);
    const local = startLocalWorkspaceFor(ctx);
    // Production never mounts a stand-in (decideLocalWorkspace and loadConfig see to it).
    if (local && config.mode !== 'local') throw new Error('local workspace outside a local trial');
    if (config.env.MicrosoftAppId) {
      // Tokens are fetched on first use: the token service being down cannot stop start-up.
      status.set('teams', 'configured');
    }
    const metrics = createMetrics(() => outboxBacklog(ctx));
    const http = createHttpServer(
      [
        ...routesFor(ctx, handle, local !== null, status),
        ...metricsRoutes(metrics),
        ...(slack?.routes ?? []),
        ...(local?.routes ?? []),
      ],
      ctx.log,
      metrics,
    );
    // First start of an empty embedded database: demo data, so there is something to see.
    phase('adapters');
    if (handle.kind === 'embedded') await seedDemoIfEmpty(ctx);
    phase('seed');
    if (handle.embedded && handle.embedded.dataDir !== ':memory:') {
      const control = await startControlSocket(handle.embedded.dataDir, ctx);
      disposers.add('control socket', () => control?.close());
    }
    if (slack) {
      disposers.add('slack', () => slack.stop());
      await slack.start();
    }
    const { url } = await http.listen(config.http.port, config.http.host);
    disposers.add('http server', () => http.close());
    let workspaceUrl: string | undefined;
    if (local) {
      disposers.add('local workspace', () => local.stop());
      workspaceUrl = await local.start(url);
    }
    if (options.jobs !== false) {
      // botbuilder loads only where Teams is configured (it costs most of a second at start).
      const teams = config.env.MicrosoftAppId
        ? (await import('./chat/teams/sender')).teamsSenders(ctx)
        : {};
      const background = startBackgroundWork(
        ctx,
        { ...sendersFor(config), ...teams },
        (channel, handlers) => handle.listen(channel, handlers),
      );
      disposers.add('scheduler and outbox worker', () => background.stop());
    }
    phase('listen');
    ctx.log.info(
      {
        url,
        mode: config.mode,
        database: handle.kind,
        where: handle.where,
        startMs: Date.now() - started,
        phases,
      },
      'tend is ready',
    );
    return {
      url,
      ...(workspaceUrl ? { workspaceUrl } : {}),
      ctx,
      stop: () => disposers.closeAll(),
    };
  } catch (error) {
    await disposers.closeAll();
    throw error;
  }
}

/** `tend serve`: runs until SIGTERM or SIGINT, then drains and closes the database cleanly. */
export async function serve(config: Config, io: CliIo): Promise<ExitCode> {
  const service = await startService(config);
  io.out(`Tend is running at ${service.url}`);
  if (service.workspaceUrl) io.out(`Local workspace: ${service.workspaceUrl}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      service.ctx.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await service.stop();
  return 0;
}
