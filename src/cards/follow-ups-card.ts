import { daysBetween, shortDay } from '../domain/dates';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { pageRange, paging } from './list-pages';
import { bold, button, type Card, type ListItem, rich, type Span } from './model';
import type { FollowUpPage, FollowUpRow } from './views';

// A chat message holds about 45 rows before Slack's 50-block limit; 20 keeps it readable.
export const FOLLOW_UPS_SHOWN = 20;

function dueText(dueOn: string | null, today: string): Span {
  if (!dueOn) return { text: 'no due date' };
  const days = daysBetween(today, dueOn);
  if (days < 0) return bold(`overdue ${-days}d (due ${shortDay(dueOn, today)})`);
  if (days === 0) return bold('due today');
  return { text: `due ${shortDay(dueOn, today)}` };
}

export function followUpItem(row: FollowUpRow, today: string, withAccount: boolean): ListItem {
  return {
    text: rich(withAccount ? bold(`${shortName(row.accountName)}: `) : '', row.title),
    detail: rich(dueText(row.dueOn, today), row.ownerEmail ? ` · ${row.ownerEmail}` : ''),
    // `list` says which list to redraw after Done: mine, or the account's.
    action: button('Done', ACTIONS.followUpDone, {
      followUpId: row.id,
      list: withAccount ? 'mine' : 'account',
    }),
  };
}

/** `/followups`: mine, overdue first, each with Done. */
export function myFollowUpsCard(
  page: FollowUpPage,
  today: string,
  note?: string,
  offset = 0,
): Card {
  const overdue = page.rows.filter((r) => r.dueOn !== null && r.dueOn < today).length;
  return {
    title: `Your open follow-ups${pageRange(page.total, offset, page.rows.length)}`,
    fallback: `${page.total} open follow-ups, ${overdue} overdue`,
    blocks: [
      ...(note ? [{ type: 'status' as const, text: rich(note) }] : []),
      {
        type: 'list',
        items: page.rows.map((r) => followUpItem(r, today, true)),
        ...paging(page.total, page.rows.length, { list: 'followups', offset }, FOLLOW_UPS_SHOWN),
        empty: 'Nothing open. Add one with /followup <account> <what to do> [by <date>].',
      },
    ],
  };
}

/** The Follow-ups button on an account card: that account's open follow-ups. */
export function accountFollowUpsCard(fullName: string, page: FollowUpPage, today: string): Card {
  const accountName = shortName(fullName);
  return {
    title: `Follow-ups: ${accountName}`,
    fallback: `${page.total} open follow-ups on ${accountName}`,
    blocks: [
      {
        type: 'list',
        items: page.rows.map((r) => followUpItem(r, today, false)),
        more: page.total > page.rows.length ? page.total - page.rows.length : undefined,
        empty: `No open follow-ups on ${accountName}.`,
      },
    ],
  };
}

/** The answer to /followup or the modal: what was recorded. */
export function followUpLoggedCard(
  row: { title: string; dueOn: string | null; accountName: string; ownerEmail: string | null },
  created: boolean,
): Card {
  const due = row.dueOn ? ` by ${shortDay(row.dueOn)} (${row.dueOn})` : '';
  const what = created ? 'Follow-up recorded' : 'Already recorded';
  return {
    title: what,
    fallback: `${what}: ${shortName(row.accountName)}: ${row.title}${due}`,
    blocks: [
      { type: 'text', text: rich(bold(`${shortName(row.accountName)}: `), row.title, due) },
      ...(row.ownerEmail
        ? [{ type: 'context' as const, text: rich(`Owner: ${row.ownerEmail}`) }]
        : []),
    ],
  };
}
