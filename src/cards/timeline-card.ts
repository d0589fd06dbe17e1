import type { CheckInDue, TimelineItem } from '../domain/timeline';
import { KIND_WORDS } from '../domain/timeline';
import { ACTIONS } from './actions';
import { formatWhen, shortName } from './format';
import { bold, button, type Card, type CardBlock, type ListItem, rich, type Span } from './model';

/** A timeline row's text is cut here: the card lists many, the API export has them whole. */
const ROW_TEXT = 280;

const clip = (text: string, max: number) => {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
};

export interface TimelineView {
  accountName: string;
  days: number;
  items: TimelineItem[];
  total: number;
  now: Date;
  timeZone: string;
}

/** `/timeline acme [30d]`: the latest entries, newest first, cut with "and N more". */
export function timelineCard(v: TimelineView): Card {
  const name = shortName(v.accountName);
  return {
    title: `Timeline: ${name}`,
    fallback: `${v.total} entries on ${name} in the last ${v.days} days`,
    blocks: [
      {
        type: 'context',
        text: rich(`The last ${v.days} days, newest first (${v.total} in all).`),
      },
      {
        type: 'list',
        items: v.items.map((item) => timelineItem(item, v.now, v.timeZone)),
        more: v.total > v.items.length ? v.total - v.items.length : undefined,
        empty: `Nothing on ${name} in the last ${v.days} days.`,
      },
      {
        type: 'context',
        text: rich(
          'Log a call or meeting: /touch <account> call with the CFO. Save a chat message: its ⋯ menu → Log to account.',
        ),
      },
    ],
  };
}

function timelineItem(item: TimelineItem, now: Date, timeZone: string): ListItem {
  const detail: Span[] = [{ text: formatWhen(item.at, now, timeZone, { date: 'always' }) }];
  if (item.by) detail.push({ text: ` · ${shortName(item.by, 60)}` });
  if (item.link && /^https?:\/\//.test(item.link)) {
    detail.push({ text: ' · ' }, { text: 'open message', url: item.link });
  }
  return {
    text: rich(bold(`${KIND_WORDS[item.kind] ?? item.kind}:`), ` ${clip(item.text, ROW_TEXT)}`),
    detail,
  };
}

/** The rows of a "Check-ins due" list (App Home, the portfolio card). */
export function checkInItems(due: readonly CheckInDue[], now: Date, timeZone: string): ListItem[] {
  return due.map((d) => ({
    text: rich(bold(shortName(d.name)), `  ${d.tier}, every ${d.cadenceDays} days`),
    detail: rich(
      d.lastTouchAt
        ? `last touch ${formatWhen(d.lastTouchAt, now, timeZone, { date: 'always' })}`
        : 'no touch logged yet',
      d.overdueDays > 0 ? ` · ${d.overdueDays} days overdue` : ' · due today',
    ),
    action: button('Open', ACTIONS.pickAccount, { accountId: d.accountId }),
  }));
}

/** What a touch logged with /touch (or a message logged to an account) answers. */
export function touchLoggedCard(
  accountName: string,
  kind: TimelineItem['kind'],
  text: string,
  created: boolean,
): Card {
  const name = shortName(accountName);
  const what = `${KIND_WORDS[kind]}: ${clip(text, ROW_TEXT)}`;
  return {
    title: created ? `Logged on ${name}` : `Already logged on ${name}`,
    fallback: `${what} (on ${name}'s timeline)`,
    blocks: [
      { type: 'text', text: rich(bold(`${KIND_WORDS[kind]}:`), ` ${clip(text, ROW_TEXT)}`) },
      { type: 'context', text: rich(`On ${name}'s timeline: /timeline ${name}`) },
    ],
  };
}

/** "Check-ins due (N)": the accounts past their touch cadence, most overdue first. */
export function checkInsList(
  due: readonly CheckInDue[],
  shown: number,
  now: Date,
  timeZone: string,
): CardBlock {
  return {
    type: 'list',
    title: `Check-ins due (${due.length}), most overdue first`,
    items: checkInItems(due.slice(0, shown), now, timeZone),
    more: due.length > shown ? due.length - shown : undefined,
    empty: 'Every account has had its check-in (touch cadence by tier).',
  };
}
