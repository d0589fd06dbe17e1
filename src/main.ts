import type { Server } from 'node:net';
import type { AppContext } from './app/context';
import { seedDemoIfEmpty } from './app/seed';
import { slackFromConfig } from './chat/slack/from-config';
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
  ctx: AppContext;
  stop(): Promise<void>;
}

function routesFor(ctx: AppContext, handle: DatabaseHandle): Route[] {
  return [...healthRoutes(() => handle.ping()), ...apiV1Routes(ctx)];
}

/** The composition root: config → database → app → HTTP, chat adapters and jobs. */
export async function startService(config: Config): Promise<RunningService> {
  const started = Date.now();
  const { ctx, handle } = await openContext(config);
  const slack = slackFromConfig(ctx);
  const http = createHttpServer([...routesFor(ctx, handle), ...(slack?.routes ?? [])], ctx.log);
  let control: Server | null = null;
  try {
    // First start of an empty embedded database: demo data, so there is something to see.
    if (handle.kind === 'embedded') await seedDemoIfEmpty(ctx);
    if (handle.embedded && handle.embedded.dataDir !== ':memory:') {
      control = await startControlSocket(handle.embedded.dataDir, ctx);
    }
    await slack?.start();
    const { url } = await http.listen(config.http.port, config.http.host);
    ctx.log.info(
      { url, database: handle.kind, where: handle.where, startMs: Date.now() - started },
      'tend is ready',
    );
    return {
      url,
      ctx,
      stop: async () => {
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
