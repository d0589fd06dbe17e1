import type { Locale } from '../domain/locale';
import type { CheckInDue, TimelineItem, TimelineKind } from '../domain/timeline';
import { ACTIONS } from './actions';
import { formatWhen, shortName } from './format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, button, type Card, type CardBlock, type ListItem, rich, type Span } from './model';
import { timelineText } from './timeline-words';

const KIND_KEY: Record<TimelineKind, MessageKey> = {
  call: 'timeline.kind.call',
  meeting: 'timeline.kind.meeting',
  email: 'timeline.kind.email',
  demo: 'timeline.kind.demo',
  qbr: 'timeline.kind.qbr',
  other: 'timeline.kind.other',
  message: 'timeline.kind.message',
  note: 'timeline.kind.note',
  alert: 'timeline.kind.alert',
  'alert-ack': 'timeline.kind.alertAck',
  'alert-resolved': 'timeline.kind.alertResolved',
  'alert-note': 'timeline.kind.note',
  'follow-up': 'timeline.kind.followUp',
  'follow-up-done': 'timeline.kind.followUpDone',
  loop: 'timeline.kind.loop',
  'loop-closed': 'timeline.kind.loopClosed',
  renewal: 'timeline.kind.renewal',
  band: 'timeline.kind.band',
};

/** A timeline entry's kind in words ("Call" / "电话"); an unknown kind reads as itself. */
export function kindWords(locale: Locale, kind: string): string {
  const key = KIND_KEY[kind as TimelineKind];
  return key ? t(locale, key) : kind;
}

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
  locale?: Locale;
}

/** `/timeline acme [30d]`: the latest entries, newest first, cut with "and N more". */
export function timelineCard(v: TimelineView): Card {
  const locale = v.locale ?? 'en';
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const name = shortName(v.accountName);
  return {
    title: tr('timeline.title', { name }),
    fallback: tr('timeline.fallback', { n: v.total, name, days: v.days }),
    blocks: [
      { type: 'context', text: rich(tr('timeline.intro', { days: v.days, n: v.total })) },
      {
        type: 'list',
        items: v.items.map((item) => timelineItem(item, v.now, v.timeZone, locale)),
        more: v.total > v.items.length ? v.total - v.items.length : undefined,
        empty: tr('timeline.empty', { name, days: v.days }),
      },
      { type: 'context', text: rich(tr('timeline.howToLog')) },
    ],
    locale,
  };
}

function timelineItem(item: TimelineItem, now: Date, timeZone: string, locale: Locale): ListItem {
  const detail: Span[] = [{ text: formatWhen(item.at, now, timeZone, { date: 'always', locale }) }];
  if (item.by) detail.push({ text: ` · ${shortName(item.by, 60)}` });
  if (item.link && /^https?:\/\//.test(item.link)) {
    detail.push({ text: ' · ' }, { text: t(locale, 'timeline.openMessage'), url: item.link });
  }
  const today = now.toLocaleDateString('en-CA', { timeZone });
  const text = timelineText(locale, item, today);
  return {
    text: rich(bold(`${kindWords(locale, item.kind)}:`), ` ${clip(text, ROW_TEXT)}`),
    detail,
  };
}

/** The rows of a "Check-ins due" list (App Home, the portfolio card). */
export function checkInItems(
  due: readonly CheckInDue[],
  now: Date,
  timeZone: string,
  locale: Locale = 'en',
): ListItem[] {
  return due.map((d) => ({
    text: rich(
      bold(shortName(d.name)),
      t(locale, 'checkIns.tier', { tier: d.tier, days: d.cadenceDays }),
    ),
    detail: rich(
      d.lastTouchAt
        ? t(locale, 'checkIns.lastTouch', {
            when: formatWhen(d.lastTouchAt, now, timeZone, { date: 'always', locale }),
          })
        : t(locale, 'checkIns.noTouch'),
      d.overdueDays > 0
        ? t(locale, 'checkIns.overdue', { days: d.overdueDays })
        : t(locale, 'checkIns.dueToday'),
    ),
    action: button(t(locale, 'list.open'), ACTIONS.pickAccount, { accountId: d.accountId }),
  }));
}

/** What a touch logged with /touch (or a message logged to an account) answers. */
export function touchLoggedCard(
  accountName: string,
  kind: TimelineItem['kind'],
  text: string,
  created: boolean,
  locale: Locale = 'en',
): Card {
  const name = shortName(accountName);
  const words = kindWords(locale, kind);
  const what = `${words}: ${clip(text, ROW_TEXT)}`;
  return {
    title: t(locale, created ? 'timeline.logged' : 'timeline.alreadyLogged', { name }),
    fallback: t(locale, 'timeline.loggedFallback', { what, name }),
    blocks: [
      { type: 'text', text: rich(bold(`${words}:`), ` ${clip(text, ROW_TEXT)}`) },
      { type: 'context', text: rich(t(locale, 'timeline.loggedWhere', { name })) },
    ],
    locale,
  };
}

/** "Check-ins due (N)": the accounts past their touch cadence, most overdue first. */
export function checkInsList(
  due: readonly CheckInDue[],
  shown: number,
  now: Date,
  timeZone: string,
  locale: Locale = 'en',
): CardBlock {
  return {
    type: 'list',
    title: t(locale, 'checkIns.title', { n: due.length }),
    items: checkInItems(due.slice(0, shown), now, timeZone, locale),
    more: due.length > shown ? due.length - shown : undefined,
    empty: t(locale, 'checkIns.empty'),
  };
}
