import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { AppContext } from '../app/context';
import { isTendError } from '../errors';
import { findCommand } from './commands';
import { controlSocketPath } from './forward';
import type { CliIo } from './io';

const requestSchema = z.object({
  argv: z.array(z.string()).min(1),
  cwd: z.string(),
  interactive: z.boolean().default(false),
});

/** The server side of CLI forwarding: runs commands sent by `tend …` on the server's database. */
export async function startControlSocket(dataDir: string, ctx: AppContext): Promise<Server> {
  const path = controlSocketPath(dataDir);
  // Only a live holder of the data-folder lock gets here, so a socket file left is stale.
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    const send = (message: object) => {
      if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
    };
    const lines = createInterface({ input: socket });
    lines.once('line', async (line) => {
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
          io.err(`tend: '${name}' cannot run while the server holds the embedded database`);
          exit = 2;
        } else {
          exit = await command.run(args, ctx, io);
        }
      } catch (error) {
        if (isTendError(error)) {
          send({ err: `tend: ${error.message}` });
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
  return server;
}
