import { requeueMessages } from '../app/job-status';
import { TendError } from '../errors';
import type { CliCommand } from './command';

const USAGE = 'tend outbox retry <message-id|--failed>';

/**
 * Puts messages that gave up (a long outage past delivery.retryHours, a channel that was
 * archived and restored) back in the queue. Each goes back to its place in its channel's order.
 */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  usage: [USAGE],
  summary: "requeue messages that gave up ('tend jobs status' lists them with their reason)",
  async run(args, ctx, io) {
    const [action, which, ...extra] = args;
    if (action !== 'retry' || !which || extra.length > 0) {
      throw new TendError('usage', `usage: ${USAGE}`, 2);
    }
    let target: { id: number } | { allFailed: true };
    if (which === '--failed') target = { allFailed: true };
    else if (/^#?[1-9][0-9]{0,14}$/.test(which)) target = { id: Number(which.replace('#', '')) };
    else throw new TendError('usage', `"${which}" is not a message id; usage: ${USAGE}`, 2);
    const rows = await requeueMessages(ctx, target);
    if (rows.length === 0) {
      if ('id' in target) {
        throw new TendError(
          'not_failed',
          `message #${target.id} is not a failed message (see 'tend jobs status')`,
          1,
        );
      }
      io.out('no failed messages to requeue');
      return 0;
    }
    io.out(
      `requeued ${rows.length} message${rows.length === 1 ? '' : 's'}: ${rows.map((r) => `#${r.id}`).join(', ')}`,
    );
    return 0;
  },
};
