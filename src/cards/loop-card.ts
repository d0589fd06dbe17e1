import type { Locale } from '../domain/locale';
import { LOOP_OUTCOMES, type LoopOutcome, type LoopReason } from '../domain/loops';
import { ACTIONS } from './actions';
import { formatMoney, formatWhen, shortName } from './format';
import { day as dayIn } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, button, type Card, type CardBlock, italic, type ListItem, rich } from './model';

/** What a loop card shows; the use case fills it from the loop, its answer and its account. */
export interface LoopCardView {
  loop: {
    id: number;
    reason: LoopReason;
    dueAt: Date;
    escalatedAt: Date | null;
    closedAt: Date | null;
    outcome: LoopOutcome | null;
    note: string | null;
    closedBy: string | null;
  };
  answer: {
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    comment: string | null;
    answeredOn: string;
  };
  account: { name: string; owner: string | null; arr: number | null };
  timeZone: string;
  now: Date;
  /** The escalation copy: same card, a different opening line. */
  escalated?: boolean;
  locale?: Locale;
}

const REASON_KEY: Record<LoopReason, MessageKey> = {
  detractor: 'loop.reason.detractor',
  low_csat: 'loop.reason.low_csat',
  passive: 'loop.reason.passive',
};

const OUTCOME_KEY: Record<LoopOutcome, MessageKey> = {
  contacted: 'loop.outcome.contacted',
  resolved: 'loop.outcome.resolved',
  recovered: 'loop.outcome.recovered',
  unreachable: 'loop.outcome.unreachable',
  not_needed: 'loop.outcome.not_needed',
};

/** An outcome as its button says it ("Contacted" / "已联系"). */
export function outcomeWordsIn(locale: Locale, outcome: LoopOutcome): string {
  return t(locale, OUTCOME_KEY[outcome]);
}

export function answerWords(a: Pick<LoopCardView['answer'], 'kind' | 'score'>): string {
  return a.kind === 'nps' ? `NPS ${a.score}` : `CSAT ${a.score}/5`;
}

function clockWords(v: LoopCardView, locale: Locale): string {
  const l = v.loop;
  const when = (d: Date) => formatWhen(d, v.now, v.timeZone, { locale });
  if (l.closedAt && l.outcome) {
    return t(locale, 'loop.closedBy', {
      outcome: outcomeWordsIn(locale, l.outcome),
      who: l.closedBy ?? t(locale, 'alert.someone'),
      when: when(l.closedAt),
      late: l.closedAt.getTime() > l.dueAt.getTime() ? 'yes' : 'no',
    });
  }
  const hours = Math.round((l.dueAt.getTime() - v.now.getTime()) / 3_600_000);
  if (hours < 0) {
    return t(locale, 'loop.overdue', {
      when: when(l.dueAt),
      escalated: l.escalatedAt ? 'yes' : 'no',
    });
  }
  return t(locale, 'loop.contactBy', { when: when(l.dueAt), hours: hours < 1 ? 0 : hours });
}

/** A survey loop: who answered what, the clock, and an outcome button each (until closed). */
export function loopCard(v: LoopCardView): Card {
  const locale = v.locale ?? 'en';
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const { loop, answer } = v;
  const name = shortName(v.account.name);
  const what = tr('loop.what', {
    reason: tr(REASON_KEY[loop.reason]),
    answer: answerWords(answer),
  });
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(
        bold(name),
        tr('loop.answered', {
          answer: answerWords(answer),
          from: answer.respondent ? tr('loop.from', { who: answer.respondent }) : '',
          day: dayIn(locale, answer.answeredOn),
        }),
      ),
    },
  ];
  if (answer.comment) blocks.push({ type: 'text', text: rich(italic(`“${answer.comment}”`)) });
  blocks.push({
    type: 'facts',
    facts: [
      { label: tr('alert.owner'), value: rich(v.account.owner ?? '—') },
      { label: tr('alert.arr'), value: rich(formatMoney(v.account.arr, locale)) },
    ],
  });
  if (loop.note) blocks.push({ type: 'status', text: rich(tr('loop.note', { note: loop.note })) });
  blocks.push({ type: 'status', text: rich(clockWords(v, locale)) });
  if (!loop.closedAt) {
    blocks.push({
      type: 'actions',
      elements: LOOP_OUTCOMES.map((outcome) =>
        button(
          outcomeWordsIn(locale, outcome),
          ACTIONS.loopOutcome,
          { loopId: loop.id, outcome },
          outcome === 'contacted' ? 'primary' : undefined,
        ),
      ),
    });
  }
  const opening = v.escalated ? tr('loop.escalated') : tr('loop.close', { what });
  return {
    title: `${opening} · ${name}`,
    fallback: tr('loop.fallback', { what, name, clock: clockWords(v, locale) }),
    blocks,
    locale,
  };
}

export interface LoopLine {
  id: number;
  accountName: string;
  reason: LoopReason;
  answer: LoopCardView['answer'];
  dueAt: Date;
}

/** `/loops` and App Home: open loops, overdue first, each with Open. */
export function loopItems(
  rows: LoopLine[],
  now: Date,
  timeZone: string,
  locale: Locale = 'en',
): ListItem[] {
  return rows.map((r) => {
    const overdue = r.dueAt.getTime() < now.getTime();
    const when = formatWhen(r.dueAt, now, timeZone, { locale });
    return {
      text: rich(
        bold(shortName(r.accountName)),
        `  ${t(locale, 'loop.what', { reason: t(locale, REASON_KEY[r.reason]), answer: answerWords(r.answer) })}`,
      ),
      detail: rich(
        overdue ? t(locale, 'loop.row.overdue', { when }) : t(locale, 'loop.row.due', { when }),
      ),
      action: button(t(locale, 'list.open'), ACTIONS.loopShow, { loopId: r.id }),
    };
  });
}

export function loopsCard(
  rows: LoopLine[],
  total: number,
  scope: 'mine' | 'team',
  now: Date,
  timeZone: string,
  locale: Locale = 'en',
): Card {
  const title = t(locale, scope === 'mine' ? 'loops.mineTitle' : 'loops.teamTitle');
  return {
    title,
    fallback: `${title}: ${total}`,
    blocks: [
      {
        type: 'list',
        title: t(locale, 'loops.listTitle', { n: total }),
        items: loopItems(rows, now, timeZone, locale),
        ...(total > rows.length ? { more: total - rows.length } : {}),
        empty: t(locale, 'loops.empty'),
      },
    ],
    locale,
  };
}
