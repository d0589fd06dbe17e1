import { findByExternalId } from '../store/accounts';
import type { AppContext } from './context';
import { timelineOf } from './timeline';

export interface TimelinePage {
  account: { externalId: string; name: string };
  days: number;
  total: number;
  offset: number;
  entries: {
    at: string;
    kind: string;
    text: string;
    by: string | null;
    link: string | null;
  }[];
}

/** The API's timeline export: one page of an account's timeline; null for an unknown account. */
export async function timelineOfExternalId(
  ctx: AppContext,
  externalId: string,
  q: { days: number; limit: number; offset: number },
): Promise<TimelinePage | null> {
  const account = await findByExternalId(ctx.db, externalId);
  if (!account) return null;
  const { items, total } = await timelineOf(ctx, account.id, q.days, q.limit, q.offset);
  return {
    account: { externalId: account.external_id, name: account.name },
    days: q.days,
    total,
    offset: q.offset,
    // The export keeps its fields: `args` is for the cards' wording, not a promise of the API.
    entries: items.map((i) => ({
      at: i.at.toISOString(),
      kind: i.kind,
      text: i.text,
      by: i.by,
      link: i.link,
    })),
  };
}
