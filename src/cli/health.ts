import { parseArgs } from 'node:util';
import { z } from 'zod';
import { healthAnswer } from '../app/account-health';
import { recomputeHealth } from '../app/health-recompute';
import { t } from '../cards/i18n/t';
import { renderText } from '../cards/text';
import { isIsoDay } from '../domain/dates';
import type { CliCommand } from './command';
import { type FlagRule, flagValueError, parseArgsError } from './flags';
import { cliLocale } from './locale';
import { noMatchLine } from './no-match';
import { usageError } from './usage-error';

const MAX_BACKFILL = 730;
const recomputeFlags = z.object({
  backfill: z.coerce.number().int().min(0).max(MAX_BACKFILL).default(0),
  day: z.string().refine(isIsoDay).optional(),
});
const RULES: Record<string, FlagRule> = {
  backfill: { kind: 'count', min: 0, max: MAX_BACKFILL },
  day: { kind: 'day' },
};
const RECOMPUTE_USAGE = 'tend health recompute [--backfill DAYS] [--day YYYY-MM-DD]';

export const healthCommand: CliCommand = {
  name: 'health',
  usage: ['tend health <account>', RECOMPUTE_USAGE],
  summary: 'cli.help.health',
  forms: { 1: 'cli.help.health.1' },
  async run(args, ctx, io) {
    if (args[0] === 'recompute') {
      const { values } = parseFlags(args.slice(1));
      const flags = recomputeFlags.safeParse(values);
      if (!flags.success) throw flagValueError(flags.error.issues, values, RULES);
      const started = performance.now();
      const report = await recomputeHealth(ctx, {
        backfillDays: flags.data.backfill,
        ...(flags.data.day ? { day: flags.data.day } : {}),
      });
      const ms = Math.round(performance.now() - started);
      io.out(
        t(cliLocale(ctx), 'cli.recomputed', {
          snapshots: report.snapshots,
          accounts: report.accounts,
          days: report.days,
          ms,
        }),
      );
      return 0;
    }
    const query = args.join(' ').trim();
    if (!query) throw usageError('tend health <account>');
    const locale = cliLocale(ctx);
    const answer = await healthAnswer(ctx, query, locale);
    if (answer.kind === 'card') {
      io.out(renderText(answer.card));
      return 0;
    }
    // Ambiguous or unknown: say what there is, and exit 2 so scripts notice.
    if (answer.kind === 'choices') {
      io.err(t(locale, 'cli.choices', { n: answer.matches.length, query }));
      for (const m of answer.matches) {
        io.err(`  ${m.name}${m.domain ? ` (${m.domain})` : ''}  [${m.externalId}]`);
      }
    } else {
      const names = answer.suggestions.map((s) => s.name);
      io.err(noMatchLine(locale, query, names));
    }
    return 2;
  },
};

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { backfill: { type: 'string' }, day: { type: 'string' } },
      strict: true,
    });
  } catch (error) {
    throw parseArgsError(error, RECOMPUTE_USAGE);
  }
}
