import { userInfo } from 'node:os';
import { purgeAccount } from '../app/purge-account';
import { TendError } from '../errors';
import type { CliCommand } from './command';

export const purgeAccountCommand: CliCommand = {
  name: 'purge-account',
  usage: ['tend purge-account <account> --yes'],
  summary: 'delete all data of one account (recorded in the audit log)',
  async run(args, ctx, io) {
    const yes = args.includes('--yes');
    const query = args
      .filter((a) => a !== '--yes')
      .join(' ')
      .trim();
    if (!query) throw new TendError('usage', 'usage: tend purge-account <account> --yes', 2);
    if (!yes) {
      throw new TendError(
        'confirm',
        `purging deletes every record of "${query}" for good; add --yes to confirm`,
        2,
      );
    }
    const report = await purgeAccount(ctx, query, `cli:${userInfo().username}`);
    const counts = Object.entries(report.deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ');
    io.out(`purged ${report.name} [${report.externalId}]${counts ? `: ${counts}` : ''}`);
    return 0;
  },
};
