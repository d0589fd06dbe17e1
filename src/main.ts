import type { Server } from 'node:net';
import type { AppContext } from './app/context';
import { seedDemoIfEmpty } from './app/seed';
import { startLocalWorkspaceFor } from './chat/local/start';
import { slackFromConfig } from './chat/slack/from-config';
import { teamsRoutes } from './chat/teams/http';
import { openContext } from './cli/context';
import { startControlSocket } from './cli/control-socket';
import type { CliIo, ExitCode } from './cli/io';
import type { Config } from './config';
import type { DatabaseHandle } from './db/database';
import { apiV1Routes } from './http/routes/api-v1';
import { healthRoutes } from './http/routes/health';
import { createHttpServer, type Route } from './http/server';

export interface RunningService {
  url: string;
  /** The local workspace page, when it runs (no platform credentials, loopback). */
  workspaceUrl?: string;
  ctx: AppContext;
  stop(): Promise<void>;
}

function routesFor(ctx: AppContext, handle: DatabaseHandle): Route[] {
  // Teams always: with no MicrosoftAppId it runs unauthenticated for the local workspace.
  return [...healthRoutes(() => handle.ping()), ...apiV1Routes(ctx), ...teamsRoutes(ctx)];
}

/** The composition root: config → database → app → HTTP, chat adapters and jobs. */
export async function startService(config: Config): Promise<RunningService> {
  const started = Date.now();
  const { ctx, handle } = await openContext(config);
  const slack = slackFromConfig(ctx);
  const local = startLocalWorkspaceFor(ctx);
  const http = createHttpServer(
    [...routesFor(ctx, handle), ...(slack?.routes ?? []), ...(local?.routes ?? [])],
    ctx.log,
  );
  let control: Server | null = null;
  try {
    // First start of an empty embedded database: demo data, so there is something to see.
    if (handle.kind === 'embedded') await seedDemoIfEmpty(ctx);
    if (handle.embedded && handle.embedded.dataDir !== ':memory:') {
      control = await startControlSocket(handle.embedded.dataDir, ctx);
    }
    await slack?.start();
    const { url } = await http.listen(config.http.port, config.http.host);
    const workspaceUrl = await local?.start(url);
    ctx.log.info(
      { url, database: handle.kind, where: handle.where, startMs: Date.now() - started },
      'tend is ready',
    );
    return {
      url,
      ...(workspaceUrl ? { workspaceUrl } : {}),
      ctx,
      stop: async () => {
        await local?.stop();
        await http.close();
        await slack?.stop();
        control?.close();
        await handle.close();
      },
    };
  } catch (error) {
    control?.close();
    await handle.close();
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
