import { lookupAccount } from '../app/account-lookup';
import type { AppContext } from '../app/context';
import { planCardById } from '../app/plans';
import { prepView } from '../app/prep';
import { t } from '../cards/i18n/t';
import { renderMarkdown } from '../cards/markdown';
import { prepCard } from '../cards/prep-card';
import { renderText } from '../cards/text';
import type { Account } from '../db/tables/accounts';
import type { CliCommand } from './command';
import type { CliIo } from './io';
import { cliLocale } from './locale';
import { noMatchLine } from './no-match';
import { usageError } from './usage-error';

/** The one account a query names, or null after saying on stderr what there is instead. */
async function accountOf(ctx: AppContext, query: string, io: CliIo): Promise<Account | null> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'found') return found.account;
  if (found.kind === 'ambiguous') {
    io.err(t(cliLocale(ctx), 'cli.choices', { n: found.matches.length, query }));
    for (const m of found.matches) io.err(`  ${m.name}  [${m.externalId}]`);
  } else {
    const names = found.suggestions.map((s) => s.name);
    io.err(noMatchLine(cliLocale(ctx), query, names));
  }
  return null;
}

/** `/plan` on the command line: the success plan card as text (editing is in chat). */
export const planCommand: CliCommand = {
  name: 'plan',
  usage: ['tend plan <account>'],
  summary: 'cli.help.plan',
  async run(args, ctx, io) {
    const query = args.join(' ').trim();
    if (!query || query.startsWith('--')) throw usageError('tend plan <account>');
    const account = await accountOf(ctx, query, io);
    if (!account) return 2;
    io.out(renderText(await planCardById(ctx, account.id, undefined, cliLocale(ctx))));
    return 0;
  },
};

const PREP_USAGE = 'tend prep <account> [--markdown]';

/** `/prep` on the command line; --markdown for pasting into a document. */
export const prepCommand: CliCommand = {
  name: 'prep',
  usage: [PREP_USAGE],
  summary: 'cli.help.prep',
  async run(args, ctx, io) {
    const markdown = args.includes('--markdown');
    const words = args.filter((a) => a !== '--markdown');
    if (words.some((w) => w.startsWith('--'))) throw usageError(PREP_USAGE);
    const query = words.join(' ').trim();
    if (!query) throw usageError(PREP_USAGE);
    const account = await accountOf(ctx, query, io);
    if (!account) return 2;
    // The brief in the command line's language, as every other command prints (TEND_LANG, a
    // Chinese LANG, else the settings' language).
    const locale = cliLocale(ctx);
    const card = prepCard(await prepView(ctx, account, locale), locale);
    io.out(markdown ? renderMarkdown(card).trimEnd() : renderText(card));
    return 0;
  },
};
