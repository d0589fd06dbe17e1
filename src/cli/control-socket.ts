import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { AppContext } from '../app/context';
import { t, tm } from '../cards/i18n/t';
import { isTendError } from '../errors';
import { runAudited } from './audited-run';
import { findCommand } from './commands';
import { controlSocketPath } from './forward';
import type { CliIo } from './io';
import { cliLocale } from './locale';

const requestSchema = z.object({
  argv: z.array(z.string()).min(1),
  cwd: z.string(),
  interactive: z.boolean().default(false),
});

/** sun_path is 108 bytes on Linux (104 on macOS) including the NUL; past it listen() fails. */
export const MAX_SOCKET_PATH_BYTES = 103;
/** A client sends its one request line at once; a silent connection is not our CLI. */
export const CONTROL_READ_TIMEOUT_MS = 5_000;

/**
 * The server side of CLI forwarding: runs commands sent by `tend …` on the server's database.
 * Anyone who can connect runs commands as the server, so the socket is 0600 inside the 0700
 * data folder. Null (with a warning) when the folder's path is too long for a unix socket.
 */
export async function startControlSocket(dataDir: string, ctx: AppContext): Promise<Server | null> {
  const path = controlSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    ctx.log.warn(
      { path },
      `CLI forwarding is off: the control socket path is longer than ${MAX_SOCKET_PATH_BYTES} bytes; use a shorter TEND_DATA_DIR`,
    );
    return null;
  }
  // Only a live holder of the data-folder lock gets here, so a socket file left is stale.
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    const send = (message: object) => {
      if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.setTimeout(CONTROL_READ_TIMEOUT_MS, () => socket.destroy());
    const lines = createInterface({ input: socket });
    lines.once('line', async (line) => {
      // The command itself may run long (an import); only the request line is timed.
      socket.setTimeout(0);
      let exit = 1;
      try {
        const request = requestSchema.parse(JSON.parse(line));
        const [name, ...args] = request.argv;
        const command = name ? findCommand(name) : undefined;
        const io: CliIo = {
          out: (text) => send({ out: text }),
          err: (text) => send({ err: text }),
          interactive: request.interactive,
          cwd: request.cwd,
        };
        if (!command) {
          io.err(t(cliLocale(ctx), 'cli.heldByServer', { name: name ?? '' }));
          exit = 2;
        } else {
          exit = await runAudited(command, args, ctx, io);
        }
      } catch (error) {
        if (isTendError(error)) {
          // In the server's language, as runCli words a problem with catalog words.
          const said = error.msg ? tm(cliLocale(ctx), error.msg) : error.message;
          send({ err: `tend: ${said}` });
          exit = error.exitCode;
        } else {
          ctx.log.error({ err: error }, 'forwarded command failed');
          send({ err: `tend: the command failed in the server: ${(error as Error).message}` });
        }
      }
      send({ exit });
      socket.end();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}
