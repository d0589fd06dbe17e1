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
 *   answers 500 when a listener throws before its ack. Only a request no listener acked is
 *   acked here (Bolt refuses a second ack by building an error, stack trace and all: a cost
 *   on every request when it was the rule);
 * - the processing runs `within` (the audit, see audit-middleware.ts).
 */
export function guardProcessEvent(
  app: App,
  installed: () => InstalledWorkspace | null,
  log: Logger,
  within: (body: Record<string, unknown>, work: () => Promise<void>) => Promise<void> = (_, work) =>
    work(),
): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (received: ReceiverEvent) => {
    let acked = false;
    const event: ReceiverEvent = {
      ...received,
      ack: (response) => {
        acked = true;
        return received.ack(response);
      },
    };
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
      await within(body, () => process(event));
    } catch (error) {
      log.warn({ err: error }, 'slack request failed before it was answered');
    } finally {
      if (!acked) {
        await Promise.resolve()
          .then(() => received.ack())
          .catch(() => {});
      }
    }
  };
}
