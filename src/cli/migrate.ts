import { migrateToLatest } from '../db/migrate';
import type { CliCommand } from './command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: ['tend migrate'],
  summary: 'cli.help.migrate',
  migratesItself: true,
  async run(_args, ctx, io) {
    const { applied } = await migrateToLatest(ctx.db);
    io.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  },
};
