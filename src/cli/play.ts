import { randomUUID } from 'node:crypto';
import { lookupAccount } from '../app/account-lookup';
import { startManually } from '../app/playbooks';
import { renderText } from '../cards/text';
import type { CliCommand } from './command';
import { usageError } from './usage-error';

export const playCommand: CliCommand = {
  name: 'play',
  usage: ['tend play <account> <playbook>'],
  summary: 'cli.help.play',
  async run(args, ctx, io) {
    const name = args.at(-1);
    const query = args.slice(0, -1).join(' ').trim();
    if (!name || !query) throw usageError('tend play <account> <playbook>');
    const found = await lookupAccount(ctx, query);
    if (found.kind !== 'found') {
      io.err(
        found.kind === 'ambiguous'
          ? `tend: ${found.matches.length} accounts match "${query}": ${found.matches.map((m) => m.name).join(', ')}`
          : `tend: no account matches "${query}"`,
      );
      return 2;
    }
    // Each run of the command is its own occurrence.
    const result = await startManually(ctx, found.account.id, name, 'cli', `cli:${randomUUID()}`);
    io.out(renderText(result.card));
    return 0;
  },
};
