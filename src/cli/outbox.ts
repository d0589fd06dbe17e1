import { requeueMessages } from '../app/job-status';
import { t } from '../cards/i18n/t';
import { TendError } from '../errors';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { usageError } from './usage-error';

const USAGE = 'tend outbox retry <message-id|--failed>';

/**
 * Puts messages that gave up (a long outage past delivery.retryHours, a channel that was
 * archived and restored) back in the queue. Each goes back to its place in its channel's order.
 */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  usage: [USAGE],
  summary: 'cli.help.outbox',
  async run(args, ctx, io) {
    const [action, which, ...extra] = args;
    if (action !== 'retry' || !which || extra.length > 0) {
      throw usageError(USAGE);
    }
    let target: { id: number } | { allFailed: true };
    if (which === '--failed') target = { allFailed: true };
    else if (/^#?[1-9][0-9]{0,14}$/.test(which)) target = { id: Number(which.replace('#', '')) };
    else
      throw new TendError('usage', `"${which}" is not a message id; usage: ${USAGE}`, 2, {
        key: 'cli.notMessageId',
        params: { which, forms: USAGE },
      });
    const rows = await requeueMessages(ctx, target);
    if (rows.length === 0) {
      if ('id' in target) {
        throw new TendError('not_failed', t(cliLocale(ctx), 'cli.notFailed', { id: target.id }), 1);
      }
      io.out(t(cliLocale(ctx), 'cli.noFailed'));
      return 0;
    }
    io.out(
      t(cliLocale(ctx), 'cli.requeued', {
        n: rows.length,
        ids: rows.map((r) => `#${r.id}`).join(', '),
      }),
    );
    return 0;
  },
};
