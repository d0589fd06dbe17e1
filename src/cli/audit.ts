import { auditHead, verifyAuditLog } from '../app/audit';
import { t, tm } from '../cards/i18n/t';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { usageLines } from './usage-error';

const HASH = /^[0-9a-f]{64}$/;

export const auditCommand: CliCommand = {
  name: 'audit',
  usage: ['tend audit verify [--expect-head <hash>] [--expect-count <n>]', 'tend audit head'],
  summary: 'cli.help.audit',
  forms: { 1: 'cli.help.audit.1' },
  async run(args, ctx, io) {
    const usage = () => {
      io.err(usageLines(cliLocale(ctx), this.usage));
      return 2 as const;
    };
    if (args.length === 1 && args[0] === 'head') {
      const { head, length } = await auditHead(ctx);
      io.out(`head ${head ?? '(empty)'} count ${length}`);
      return 0;
    }
    if (args[0] !== 'verify') return usage();
    const anchor: { head?: string; length?: number } = {};
    for (let i = 1; i < args.length; i += 2) {
      const value = args[i + 1];
      if (args[i] === '--expect-head' && value && HASH.test(value)) anchor.head = value;
      else if (args[i] === '--expect-count' && value && /^\d+$/.test(value)) {
        anchor.length = Number(value);
      } else return usage();
    }
    const result = await verifyAuditLog(ctx, anchor);
    if (result.problems.length === 0) {
      const anchored = anchor.head || anchor.length !== undefined ? 'yes' : 'no';
      io.out(
        t(cliLocale(ctx), 'cli.auditIntact', {
          rows: result.rows,
          anchored,
          head: result.head ?? 'none',
          count: result.length,
        }),
      );
      return 0;
    }
    const locale = cliLocale(ctx);
    for (const p of result.problems) {
      const problem = tm(locale, p.msg);
      io.err(
        p.id === 0
          ? t(locale, 'cli.audit.log', { problem })
          : t(locale, 'cli.audit.entry', { id: String(p.id), problem }),
      );
    }
    io.err(t(cliLocale(ctx), 'cli.auditBroken', { n: result.problems.length, rows: result.rows }));
    return 1;
  },
};
