import { syncHubspot } from '../app/hubspot-sync';
import { t } from '../cards/i18n/t';
import { rowReasonText } from '../cards/row-reason';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { usageLines } from './usage-error';

export const syncCommand: CliCommand = {
  name: 'sync',
  usage: ['tend sync hubspot'],
  summary: 'cli.help.sync',
  async run(args, ctx, io) {
    const [source, ...rest] = args;
    if (source !== 'hubspot' || rest.length > 0) {
      io.err(usageLines(cliLocale(ctx), [this.usage[0] ?? '']));
      return 2;
    }
    const report = await syncHubspot(ctx);
    io.out(
      t(cliLocale(ctx), 'cli.synced', {
        read: report.read,
        written: report.written,
        rejected: report.rejected,
        cursor: report.cursor ?? 'none',
      }),
    );
    const locale = cliLocale(ctx);
    for (const p of report.problems) {
      const reason = rowReasonText(locale, p.reason);
      io.err(`  ${t(locale, 'cli.sync.problem', { ...p, reason })}`);
    }
    return report.rejected > 0 ? 1 : 0;
  },
};
