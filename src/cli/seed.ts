import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_DEMO, DEFAULT_HISTORY_DAYS, seedDemo, storyScores } from '../app/seed';
import { BAND_KEY } from '../cards/format';
import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import { DEMO_LIMITS, STORY_COUNT } from '../domain/demo';
import type { Band } from '../domain/health';
import type { CliCommand } from './command';
import { type FlagRule, flagValueError, parseArgsError } from './flags';
import { cliLocale } from './locale';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const flagsSchema = z.object({
  demo: z.literal(true),
  accounts: count(STORY_COUNT, DEMO_LIMITS.maxAccounts).default(DEFAULT_DEMO.accounts),
  days: count(DEMO_LIMITS.minDays, DEMO_LIMITS.maxDays).default(DEFAULT_DEMO.days),
  seed: count(0, 2 ** 31 - 1).default(DEFAULT_DEMO.seed),
  history: count(0, 365).default(DEFAULT_HISTORY_DAYS),
  force: z.boolean().default(false),
});

const USAGE = 'tend seed --demo [--accounts N --days D --seed S] [--history DAYS] [--force]';
const RULES: Record<string, FlagRule> = {
  demo: { kind: 'said', key: 'cli.seed.demoOnly' },
  accounts: { kind: 'count', min: STORY_COUNT, max: DEMO_LIMITS.maxAccounts },
  days: { kind: 'count', min: DEMO_LIMITS.minDays, max: DEMO_LIMITS.maxDays },
  seed: { kind: 'count', min: 0, max: 2 ** 31 - 1 },
  history: { kind: 'count', min: 0, max: 365 },
};

function parseFlags(args: string[]): z.infer<typeof flagsSchema> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        demo: { type: 'boolean' },
        accounts: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        history: { type: 'string' },
        force: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw parseArgsError(error, USAGE);
  }
  const parsed = flagsSchema.safeParse(values);
  // The first problem, said whole (the flag, what it takes, what was given): fixing it shows the next.
  if (!parsed.success) throw flagValueError(parsed.error.issues, values, RULES);
  return parsed.data;
}

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: [USAGE],
  summary: 'cli.help.seed',
  async run(args, ctx, io) {
    const flags = parseFlags(args);
    const report = await seedDemo(ctx, { ...flags, historyDays: flags.history });
    const locale = cliLocale(ctx);
    io.out(
      t(locale, 'cli.seeded', {
        day: report.today,
        accounts: report.accounts,
        usage: report.usageRows,
        tickets: report.tickets,
        surveys: report.surveys,
        snapshots: report.snapshots,
        replaced: report.replaced,
      }),
    );
    const stories = await storyScores(ctx, report.today);
    const told = stories.map((s) =>
      s.band === null || s.score === null
        ? t(locale, 'cli.story.unscored', { name: s.name, id: s.external_id })
        : t(locale, 'cli.story', {
            name: s.name,
            id: s.external_id,
            band: t(locale, BAND_KEY[s.band as Band]),
            score: s.score,
          }),
    );
    io.out(t(locale, 'cli.stories', { list: list(locale, told) }));
    return 0;
  },
};
