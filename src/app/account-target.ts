import { t } from '../cards/i18n/t';
import type { Locale } from '../domain/locale';
import type { FollowUpSplit } from '../domain/parse/command';
import { findExact } from '../store/accounts';
import { healthAnswer } from './account-health';
import { lookupAccount } from './account-lookup';
import type { ChatReply } from './chat-reply';
import type { AppContext } from './context';

export type Target =
  | { kind: 'found'; accountId: number; text: string }
  | { kind: 'other'; card: ChatReply['card'] };

/** The first reading whose words name exactly one account; else the best lookup's answer. */
export async function findAccountIn(
  ctx: AppContext,
  splits: FollowUpSplit[],
  locale: Locale = 'en',
): Promise<Target> {
  for (const split of splits) {
    const exact = await findExact(ctx.db, split.account);
    if (exact.length === 1) return { kind: 'found', accountId: exact[0]!.id, text: split.text };
  }
  for (const split of splits) {
    const found = await lookupAccount(ctx, split.account);
    if (found.kind === 'found') {
      return { kind: 'found', accountId: found.account.id, text: split.text };
    }
  }
  // Nothing named one account: explain with the shortest reading (the first word).
  const shortest = splits.at(-1)!;
  const answer = await healthAnswer(ctx, shortest.account, locale);
  const hint = t(locale, 'target.unclear', { query: shortest.account });
  return {
    kind: 'other',
    card: {
      ...answer.card,
      blocks: [{ type: 'status', text: [{ text: hint }] }, ...answer.card.blocks],
    },
  };
}
