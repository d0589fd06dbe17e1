import type { ListPage } from '../cards/list-pages';
import type { Card } from '../cards/model';
import type { Locale } from '../domain/locale';
import { atRisk, renewalsWithin } from './account-lists';
import { noEmailCard } from './chat-users';
import type { AppContext } from './context';
import { myFollowUps } from './follow-ups';

/** "Show next" on /risk, /renewals or /followups: the next page of the same list. */
export async function listPage(
  ctx: AppContext,
  page: ListPage,
  user: { email: string | null },
  locale: Locale = 'en',
): Promise<Card> {
  switch (page.list) {
    case 'risk':
      return atRisk(ctx, page.offset, locale);
    case 'renewals':
      return renewalsWithin(ctx, page.days ?? 90, page.offset, locale);
    case 'followups':
      if (!user.email) return noEmailCard(locale);
      return myFollowUps(ctx, user.email, undefined, page.offset, locale);
  }
}
