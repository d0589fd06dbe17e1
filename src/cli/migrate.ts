import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import { migrateToLatest } from '../db/migrate';
import type { CliCommand } from './command';
import { cliLocale } from './locale';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: ['tend migrate'],
  summary: 'cli.help.migrate',
  migratesItself: true,
  async run(_args, ctx, io) {
    const { applied } = await migrateToLatest(ctx.db);
    const locale = cliLocale(ctx);
    io.out(
      applied.length
        ? t(locale, 'cli.migrated', { list: list(locale, applied) })
        : t(locale, 'cli.upToDate'),
    );
    return 0;
  },
};
