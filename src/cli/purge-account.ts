import { userInfo } from 'node:os';
import { exportAccount } from '../app/account-export';
import { purgeAccount } from '../app/purge-account';
import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import { TendError } from '../errors';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
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
      const params = { forms: this.usage[0] ?? '' };
      throw new TendError('usage', t('en', 'cli.purge.exportFile', params), 2, {
        key: 'cli.purge.exportFile',
        params,
      });
    }
    const query = args
      .filter((a, i) => a !== '--yes' && (exportAt < 0 || (i !== exportAt && i !== exportAt + 1)))
      .join(' ')
      .trim();
    if (!query) throw usageError(this.usage[0]);
    const locale = cliLocale(ctx);
    if (!yes) throw new TendError('confirm', t(locale, 'cli.purge.confirm', { query }), 2);
    if (file) {
      // Written (and closed) before anything is deleted: a failed write purges nothing.
      const data = await exportAccount(ctx, query);
      const full = writePrivateFile(io, file, `${JSON.stringify(data, null, 2)}\n`);
      const n = Object.values(data.records).reduce((sum, rows) => sum + rows.length, 0);
      const name = String(data.account.name);
      io.err(t(locale, 'cli.purge.exported', { n, name, file: full }));
    }
    const report = await purgeAccount(ctx, query, `cli:${userInfo().username}`);
    // Table names are the database's own words and stay as they are.
    const counts = Object.entries(report.deleted)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${n} ${table}`);
    io.out(
      t(locale, 'cli.purge.done', {
        name: report.name,
        id: report.externalId,
        counts: counts.length > 0 ? list(locale, counts) : 'none',
      }),
    );
    return 0;
  },
};
