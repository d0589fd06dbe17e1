import { daysBetween } from '../domain/dates';
import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { day } from './i18n/format';
import { t } from './i18n/t';
import { pageRange, paging } from './list-pages';
import { bold, button, type Card, type ListItem, rich, type Span } from './model';
import type { FollowUpPage, FollowUpRow } from './views';

// A chat message holds about 45 rows before Slack's 50-block limit; 20 keeps it readable.
export const FOLLOW_UPS_SHOWN = 20;

function dueText(dueOn: string | null, today: string, locale: Locale): Span {
  if (!dueOn) return { text: t(locale, 'account.noDueDate') };
  const days = daysBetween(today, dueOn);
  if (days < 0) {
    return bold(t(locale, 'followups.overdue', { days: -days, day: day(locale, dueOn, today) }));
  }
  if (days === 0) return bold(t(locale, 'followups.dueToday'));
  return { text: t(locale, 'account.due', { date: day(locale, dueOn, today) }) };
}

export function followUpItem(
  row: FollowUpRow,
  today: string,
  withAccount: boolean,
  locale: Locale = 'en',
): ListItem {
  return {
    text: rich(withAccount ? bold(`${shortName(row.accountName)}: `) : '', row.title),
    detail: rich(dueText(row.dueOn, today, locale), row.ownerEmail ? ` · ${row.ownerEmail}` : ''),
    // `list` says which list to redraw after Done: mine, or the account's.
    action: button(t(locale, 'followups.done'), ACTIONS.followUpDone, {
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
  locale: Locale = 'en',
): Card {
  const overdue = page.rows.filter((r) => r.dueOn !== null && r.dueOn < today).length;
  return {
    title: t(locale, 'followups.mineTitle', {
      range: pageRange(page.total, offset, page.rows.length, locale),
    }),
    fallback: t(locale, 'followups.mineFallback', {
      n: String(page.total),
      overdue: String(overdue),
    }),
    blocks: [
      ...(note ? [{ type: 'status' as const, text: rich(note) }] : []),
      {
        type: 'list',
        items: page.rows.map((r) => followUpItem(r, today, true, locale)),
        ...paging(
          page.total,
          page.rows.length,
          { list: 'followups', offset },
          FOLLOW_UPS_SHOWN,
          locale,
        ),
        empty: t(locale, 'followups.mineEmpty'),
      },
    ],
    locale,
  };
}

/** The Follow-ups button on an account card: that account's open follow-ups. */
export function accountFollowUpsCard(
  fullName: string,
  page: FollowUpPage,
  today: string,
  locale: Locale = 'en',
): Card {
  const name = shortName(fullName);
  return {
    title: t(locale, 'followups.accountTitle', { name }),
    fallback: t(locale, 'followups.accountFallback', { n: String(page.total), name }),
    blocks: [
      {
        type: 'list',
        items: page.rows.map((r) => followUpItem(r, today, false, locale)),
        more: page.total > page.rows.length ? page.total - page.rows.length : undefined,
        empty: t(locale, 'followups.accountEmpty', { name }),
      },
    ],
    locale,
  };
}

/** The answer to /followup or the modal: what was recorded. */
export function followUpLoggedCard(
  row: { title: string; dueOn: string | null; accountName: string; ownerEmail: string | null },
  created: boolean,
  locale: Locale = 'en',
): Card {
  const due = row.dueOn
    ? t(locale, 'followups.by', { day: day(locale, row.dueOn), iso: row.dueOn })
    : '';
  const what = t(locale, created ? 'followups.recorded' : 'followups.alreadyRecorded');
  const name = shortName(row.accountName);
  return {
    title: what,
    fallback: t(locale, 'followups.loggedFallback', { what, name, title: row.title, due }),
    blocks: [
      { type: 'text', text: rich(bold(`${name}: `), row.title, due) },
      ...(row.ownerEmail
        ? [
            {
              type: 'context' as const,
              text: rich(t(locale, 'followups.owner', { email: row.ownerEmail })),
            },
          ]
        : []),
    ],
    locale,
  };
}
