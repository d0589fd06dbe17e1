import type { App } from '@slack/bolt';
import { cleanStringsInPlace } from '../../domain/text-input';
import type { Logger } from '../../log';
import { foreignWorkspace, type InstalledWorkspace, isHandshake } from './workspace';

type ReceiverEvent = Parameters<App['processEvent']>[0];

/**
 * Wraps Bolt's processEvent, the one door every request goes through (HTTP and Socket Mode):
 * - its strings are cleaned of control characters and lone surrogates before any listener
 *   reads them (Postgres refuses a NUL byte in text; in jsonb, `\u0000` too);
 * - a request from another workspace is dropped (HTTP requests were already refused with 403
 *   by the guard; this covers Socket Mode);
 * - every request is acknowledged when processing ends, whatever happened: Bolt leaves a body
 *   whose type it cannot tell, or that no listener matches, unanswered for 3 s (then 404), and
 *   answers 500 when a listener throws before its ack. An ack after the listener's own is a
 *   no-op (Bolt refuses a second ack; that refusal is expected here).
 */
export function guardProcessEvent(
  app: App,
  installed: () => InstalledWorkspace | null,
  log: Logger,
): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    try {
      const body = event.body as Record<string, unknown>;
      cleanStringsInPlace(body);
      const workspace = installed();
      const foreign = isHandshake(body)
        ? null
        : workspace
          ? foreignWorkspace(body, workspace)
          : 'the installed workspace is not known yet';
      if (foreign) {
        log.warn({ reason: foreign }, 'slack request refused');
        return;
      }
      await process(event);
    } catch (error) {
      log.warn({ err: error }, 'slack request failed before it was answered');
    } finally {
      await Promise.resolve()
        .then(() => event.ack())
        .catch(() => {});
    }
  };
}
