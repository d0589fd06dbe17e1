import { randomUUID } from 'node:crypto';
import { lookupAccount } from '../app/account-lookup';
import { startManually } from '../app/playbooks';
import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import { renderText } from '../cards/text';
import type { CliCommand } from './command';
import { cliLocale } from './locale';
import { noMatchLine } from './no-match';
import { usageError } from './usage-error';

export const playCommand: CliCommand = {
  name: 'play',
  usage: ['tend play <account> <playbook>'],
  summary: 'cli.help.play',
  async run(args, ctx, io) {
    const name = args.at(-1);
    const query = args.slice(0, -1).join(' ').trim();
    if (!name || !query) throw usageError('tend play <account> <playbook>');
    const locale = cliLocale(ctx);
    const found = await lookupAccount(ctx, query);
    if (found.kind !== 'found') {
      const names = (found.kind === 'ambiguous' ? found.matches : found.suggestions).map(
        (m) => m.name,
      );
      io.err(
        found.kind === 'ambiguous'
          ? t(locale, 'cli.choicesInline', { n: names.length, query, names: list(locale, names) })
          : noMatchLine(locale, query, names),
      );
      return 2;
    }
    // Each run of the command is its own occurrence.
    const key = `cli:${randomUUID()}`;
    const result = await startManually(ctx, found.account.id, name, 'cli', key, locale);
    io.out(renderText(result.card));
    return 0;
  },
};
