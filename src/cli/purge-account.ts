import { userInfo } from 'node:os';
import { exportAccount } from '../app/account-export';
import { purgeAccount } from '../app/purge-account';
import { TendError } from '../errors';
import type { CliCommand } from './command';
import { writePrivateFile } from './privacy';
import { usageError } from './usage-error';

export const purgeAccountCommand: CliCommand = {
  name: 'purge-account',
  usage: ['tend purge-account <account> --yes [--export <file>]'],
  summary: 'cli.help.purgeAccount',
  async run(args, ctx, io) {
    const yes = args.includes('--yes');
    const exportAt = args.indexOf('--export');
    const file = exportAt >= 0 ? args[exportAt + 1] : undefined;
    if (exportAt >= 0 && (!file || file.startsWith('--'))) {
      throw usageError('--export <file> names the file to write first');
    }
    const query = args
      .filter((a, i) => a !== '--yes' && (exportAt < 0 || (i !== exportAt && i !== exportAt + 1)))
      .join(' ')
      .trim();
    if (!query) throw usageError(this.usage[0]);
    if (!yes) {
      throw new TendError(
        'confirm',
        `purging deletes every record of "${query}" for good; add --yes to confirm`,
        2,
      );
    }
    if (file) {
      // Written (and closed) before anything is deleted: a failed write purges nothing.
      const data = await exportAccount(ctx, query);
      const full = writePrivateFile(io, file, `${JSON.stringify(data, null, 2)}\n`);
      const n = Object.values(data.records).reduce((sum, rows) => sum + rows.length, 0);
      io.err(`exported ${n} records of ${String(data.account.name)} to ${full}`);
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
