import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_DEMO, DEFAULT_HISTORY_DAYS, seedDemo, storyScores } from '../app/seed';
import { DEMO_LIMITS, STORY_COUNT } from '../domain/demo';
import { TendError } from '../errors';
import type { CliCommand } from './command';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const flagsSchema = z.object({
  demo: z.literal(true, { error: 'only demo data can be seeded: add --demo' }),
  accounts: count(STORY_COUNT, DEMO_LIMITS.maxAccounts).default(DEFAULT_DEMO.accounts),
  days: count(DEMO_LIMITS.minDays, DEMO_LIMITS.maxDays).default(DEFAULT_DEMO.days),
  seed: count(0, 2 ** 31 - 1).default(DEFAULT_DEMO.seed),
  history: count(0, 365).default(DEFAULT_HISTORY_DAYS),
  force: z.boolean().default(false),
});

function usageError(message: string): TendError {
  return new TendError('bad_flags', `seed: ${message}`, 2);
}

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
    throw usageError((error as Error).message.split('\n')[0] ?? 'bad flags');
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const flag = i.path.length ? `--${i.path.join('.')}: ` : '';
      return `${flag}${i.message}`;
    });
    throw usageError(problems.join('; '));
  }
  return parsed.data;
}

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: ['tend seed --demo [--accounts N --days D --seed S] [--history DAYS] [--force]'],
  summary: 'cli.help.seed',
  async run(args, ctx, io) {
    const flags = parseFlags(args);
    const report = await seedDemo(ctx, { ...flags, historyDays: flags.history });
    const replaced = report.replaced ? ` (replaced ${report.replaced} accounts)` : '';
    io.out(
      `seeded demo data up to ${report.today}: ${report.accounts} accounts, ` +
        `${report.usageRows} usage days, ${report.tickets} tickets, ` +
        `${report.surveys} survey answers, ${report.snapshots} health snapshots${replaced}`,
    );
    const stories = await storyScores(ctx, report.today);
    const told = stories.map(
      (s) => `${s.name} (${s.external_id}, ${s.band ?? 'no'} ${s.score ?? 'score'})`,
    );
    io.out(`stories: ${told.join(', ')}`);
    return 0;
  },
};
