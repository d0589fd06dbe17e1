import { parseArgs } from 'node:util';
import { z } from 'zod';
import { lookupAccount } from '../app/account-lookup';
import { timelineCardOf } from '../app/timeline';
import { timelineOfExternalId } from '../app/timeline-export';
import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import { renderText } from '../cards/text';
import { DEFAULT_TIMELINE_DAYS, MAX_TIMELINE_DAYS } from '../domain/timeline';
import type { CliCommand } from './command';
import { type FlagRule, flagValueError, parseArgsError } from './flags';
import { cliLocale } from './locale';
import { noMatchLine } from './no-match';
import { usageError } from './usage-error';

const USAGE = 'tend timeline <account> [--days N] [--json]';
/** --json lists at most this many entries (the API pages the rest). */
const JSON_MAX = 1000;

const flagsSchema = z.object({
  days: z.coerce.number().int().min(1).max(MAX_TIMELINE_DAYS).default(DEFAULT_TIMELINE_DAYS),
  json: z.boolean().default(false),
});
const RULES: Record<string, FlagRule> = {
  days: { kind: 'count', min: 1, max: MAX_TIMELINE_DAYS },
};

/** `/timeline acme` on the command line: the same card as text, or the entries as JSON. */
export const timelineCommand: CliCommand = {
  name: 'timeline',
  usage: [USAGE],
  summary: 'cli.help.timeline',
  async run(args, ctx, io) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      throw parseArgsError(error, USAGE);
    }
    const flags = flagsSchema.safeParse(parsed.values);
    if (!flags.success) throw flagValueError(flags.error.issues, parsed.values, RULES);
    const query = parsed.positionals.join(' ').trim();
    if (!query) throw usageError(USAGE);
    const locale = cliLocale(ctx);
    const found = await lookupAccount(ctx, query);
    if (found.kind !== 'found') {
      const names = (found.kind === 'ambiguous' ? found.matches : found.suggestions).map(
        (a) => a.name,
      );
      io.err(
        found.kind === 'ambiguous'
          ? t(locale, 'cli.choicesInline', { n: names.length, query, names: list(locale, names) })
          : noMatchLine(locale, query, names),
      );
      return 2;
    }
    const { days, json } = flags.data;
    if (json) {
      // What GET /api/v1/accounts/:externalId/timeline answers, the first JSON_MAX entries.
      const page = await timelineOfExternalId(ctx, found.account.external_id, {
        days,
        limit: JSON_MAX,
        offset: 0,
      });
      io.out(JSON.stringify(page, null, 2));
      return 0;
    }
    const card = await timelineCardOf(ctx, found.account.id, found.account.name, days, locale);
    io.out(renderText(card));
    return 0;
  },
};

function parse(args: string[]) {
  return parseArgs({
    args,
    options: { days: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
}
