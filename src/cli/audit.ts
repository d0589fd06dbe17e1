import { verifyAuditLog } from '../app/audit';
import type { CliCommand } from './command';

export const auditCommand: CliCommand = {
  name: 'audit',
  usage: ['tend audit verify'],
  summary: 'check the audit log hash chain: names every deleted or edited entry',
  async run(args, ctx, io) {
    if (args.length !== 1 || args[0] !== 'verify') {
      io.err(`usage:\n  ${this.usage.join('\n  ')}`);
      return 2;
    }
    const result = await verifyAuditLog(ctx);
    if (result.problems.length === 0) {
      io.out(
        `audit log intact: ${result.rows} entries; head ${result.head ?? '(empty)'} (keep it elsewhere to detect a removed tail)`,
      );
      return 0;
    }
    for (const p of result.problems) io.err(`audit entry ${p.id}: ${p.problem}`);
    io.err(`audit log broken: ${result.problems.length} problem(s) in ${result.rows} entries`);
    return 1;
  },
};
