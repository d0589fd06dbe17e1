import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TendError } from '../errors';
import type { CliIo, ExitCode } from './io';

export const CONTROL_SOCKET = 'tend.sock';

export function controlSocketPath(dataDir: string): string {
  return join(resolve(dataDir), CONTROL_SOCKET);
}

/**
 * The embedded database belongs to one process. While `tend serve` holds it, CLI commands are
 * sent over the control socket in the data folder and run inside the server, which streams
 * their output back; the user sees the same lines and exit code as when run directly.
 */
export function forwardToServer(dataDir: string, argv: string[], io: CliIo): Promise<ExitCode> {
  const path = controlSocketPath(dataDir);
  return new Promise((done, fail) => {
    const socket = connect(path);
    let exit: number | null = null;
    socket.on('error', (error) =>
      fail(
        new TendError(
          'server_unreachable',
          `the embedded database in ${dataDir} is held by a running server, but its control socket does not answer (${(error as NodeJS.ErrnoException).code})`,
        ),
      ),
    );
    socket.on('connect', () => {
      socket.write(`${JSON.stringify({ argv, cwd: io.cwd, interactive: io.interactive })}\n`);
    });
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { out?: string; err?: string; exit?: number };
      if (message.out !== undefined) io.out(message.out);
      if (message.err !== undefined) io.err(message.err);
      if (message.exit !== undefined) exit = message.exit;
    });
    lines.on('close', () => {
      if (exit === null) {
        fail(
          new TendError(
            'server_gone',
            'the running server closed the connection before the command finished',
          ),
        );
      } else done(exit);
    });
  });
}
