import { createServer } from 'node:net';
import { type MessageKey, t } from '../cards/i18n/t';
import { TendError } from '../errors';

function refused(code: string, key: MessageKey, port: number, host: string): TendError {
  const params = { port: String(port), host };
  return new TendError(code, t('en', key, params), 1, { key, params });
}

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
        reject(refused('port_in_use', 'cli.portInUse', port, host));
      } else if (error.code === 'EACCES') {
        reject(refused('port_denied', 'cli.portDenied', port, host));
      } else {
        reject(error);
      }
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
