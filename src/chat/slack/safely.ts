import type { Logger } from '../../log';

/**
 * Runs a listener's work so that no exception escapes into Bolt (which would answer 500 or,
 * after ack, log and drop it): the error is logged and, when possible, the person is told.
 */
export async function safely(
  log: Logger,
  what: string,
  work: () => Promise<void>,
  tell?: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    log.error({ err: error, listener: what }, 'slack listener failed');
    if (tell) await tell().catch((e: unknown) => log.warn({ err: e }, 'could not tell the user'));
  }
}
