import { createServer } from 'node:net';
import { TendError } from '../errors';

/**
 * Fails fast when the HTTP port is taken, before seeding and start-up work that would end in
 * a stack trace seconds later. A check, not a reservation: the real listen still reports a
 * port taken in between.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new TendError(
            'port_in_use',
            `port ${port} on ${host} is already in use (another Tend, or another program): stop it or set PORT to a free port`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new TendError('port_denied', `not allowed to listen on port ${port} on ${host}`));
      } else {
        reject(error);
      }
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
