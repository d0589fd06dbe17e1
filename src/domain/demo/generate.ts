import { isIsoDay } from '../dates';
import { type GeneratedAccount, randomAccount } from './accounts';
import type { DemoData, DemoOptions } from './model';
import { CHINESE_NAMES, CompanyNames } from './names';
import { STORIES, STORY_COUNT, storyAccounts } from './stories';

export const DEMO_LIMITS = { maxAccounts: 250_000, minDays: 1, maxDays: 730 } as const;

/**
 * The demo data set: the named stories first (acc-00001…), then random accounts. Account n
 * draws from its own seeded stream, so the same seed and today give the same rows, and a
 * larger N only adds accounts after the ones a smaller N made.
 */
export function generateDemo(options: DemoOptions): DemoData {
  const { accounts, days, today } = options;
  if (!Number.isInteger(accounts) || accounts < STORY_COUNT || accounts > DEMO_LIMITS.maxAccounts) {
    throw new RangeError(`accounts must be ${STORY_COUNT}–${DEMO_LIMITS.maxAccounts}`);
  }
  if (!Number.isInteger(days) || days < DEMO_LIMITS.minDays || days > DEMO_LIMITS.maxDays) {
    throw new RangeError(`days must be ${DEMO_LIMITS.minDays}–${DEMO_LIMITS.maxDays}`);
  }
  if (!isIsoDay(today)) throw new RangeError(`today must be a YYYY-MM-DD day: ${today}`);
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');

  const names = new CompanyNames();
  for (const story of Object.values(STORIES)) names.reserve(story.name, story.domain);
  for (const chinese of Object.values(CHINESE_NAMES)) names.reserve(chinese.name, chinese.domain);
  const generated: GeneratedAccount[] = storyAccounts(options);
  for (let n = STORY_COUNT + 1; n <= accounts; n++) {
    generated.push(randomAccount(n, options, names));
  }
  return {
    accounts: generated.map((g) => g.account),
    usage: generated.map((g) => g.usage),
    tickets: generated.flatMap((g) => g.tickets),
    surveys: generated.flatMap((g) => g.surveys),
  };
}
