import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { alertSummary } from './alert-summary';
import { potentialWords } from './expansion-words';
import { formatMoney, formatWhen, ruleWords, shortName } from './format';
import { type MessageKey, t } from './i18n/t';
import {
  type ActionElement,
  bold,
  button,
  type Card,
  type CardBlock,
  plain,
  rich,
  richToPlain,
  type Span,
} from './model';
import type { AlertView } from './views';

export const SNOOZE_OPTIONS = [
  { label: 'alert.snooze.1h', value: '1h', ms: 3_600_000 },
  { label: 'alert.snooze.4h', value: '4h', ms: 4 * 3_600_000 },
  { label: 'alert.snooze.1d', value: '1d', ms: 86_400_000 },
  { label: 'alert.snooze.1w', value: '1w', ms: 7 * 86_400_000 },
] as const satisfies readonly { label: MessageKey; value: string; ms: number }[];
export type SnoozeChoice = (typeof SNOOZE_OPTIONS)[number]['value'];

export interface AlertCardView {
  alert: AlertView;
  account: { name: string; owner: string | null; arr: number | null; renewalDate: string | null };
  /** Display names of who acknowledged / resolved / is assigned (as recorded). */
  people: { acknowledgedBy?: string; resolvedBy?: string; assignee?: string };
  /** The last action, shown first: "Snoozed by @jane until 14:00". */
  lastAction?: string;
  timeZone: string;
  now: Date;
  /** Escalation copy: same card, a different opening line. */
  escalated?: { afterHours: number };
  /** Why it was snoozed until a date, if it was. */
  snoozeReason?: string;
  /** Signals that joined this alert's episode (the alert is their lead), oldest first. */
  signals?: { rule: string; severity: string; summary: string; summary_args?: unknown }[];
  /** The language of the channel (or person) the card is for. */
  locale?: Locale;
  /** An expansion signal (not risk): its estimated ARR potential and how it was computed. */
  expansion?: { potential: number | null; upliftPct: number };
}

/** "+2 more signals" and each one: the episode on one card. */
function signalBlocks(v: AlertCardView, locale: Locale): CardBlock[] {
  const signals = v.signals ?? [];
  if (signals.length === 0) return [];
  return [
    {
      type: 'list',
      title: t(locale, 'alert.moreSignals', { n: signals.length }),
      items: signals.map((s) => ({
        text: rich(
          `${SEVERITY_MARK[s.severity] ?? '⚠️'} `,
          bold(ruleWords(s.rule, locale)),
          `: ${alertSummary(locale, s.summary, s.summary_args)}`,
        ),
      })),
    },
  ];
}

const SEVERITY_MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

function statusSpans(v: AlertCardView, locale: Locale): Span[] {
  const a = v.alert;
  const when = (d: Date) => formatWhen(d, v.now, v.timeZone, { locale });
  const someone = () => t(locale, 'alert.someone');
  const parts: string[] = [];
  if (a.status === 'resolved' && a.resolved_at) {
    parts.push(
      t(locale, 'alert.resolvedBy', {
        who: v.people.resolvedBy ?? someone(),
        when: when(a.resolved_at),
      }),
    );
  } else if (a.status === 'acknowledged' && a.acknowledged_at) {
    parts.push(
      t(locale, 'alert.acknowledgedBy', {
        who: v.people.acknowledgedBy ?? someone(),
        when: when(a.acknowledged_at),
      }),
    );
  } else {
    parts.push(t(locale, 'alert.openNotAcked'));
  }
  if (a.status !== 'resolved' && a.snoozed_until && a.snoozed_until > v.now) {
    parts.push(
      v.snoozeReason
        ? t(locale, 'alert.snoozedUntilWhy', {
            when: when(a.snoozed_until),
            reason: v.snoozeReason,
          })
        : t(locale, 'alert.snoozedUntil', { when: when(a.snoozed_until) }),
    );
  }
  if (a.status !== 'resolved' && v.people.assignee) {
    parts.push(t(locale, 'alert.assignedTo', { who: v.people.assignee }));
  }
  return [plain(parts.join(' · '))];
}

function actionsFor(v: AlertCardView, locale: Locale): ActionElement[] {
  const a = v.alert;
  if (a.status === 'resolved') return [];
  const tr = (key: MessageKey) => t(locale, key);
  const value = { alertId: a.id };
  const elements: ActionElement[] = [];
  // An expansion card's first action is the opportunity, which also acknowledges it.
  if (v.expansion && a.status === 'open') {
    elements.push(
      button(tr('alert.createOpportunity'), ACTIONS.opportunityCreate, value, 'primary'),
    );
  } else if (a.status === 'open') {
    elements.push(button(tr('alert.acknowledge'), ACTIONS.alertAck, value, 'primary'));
  }
  elements.push({
    kind: 'select',
    label: tr('alert.snooze'),
    actionId: ACTIONS.alertSnooze,
    options: [
      ...SNOOZE_OPTIONS.map((o) => ({
        label: tr(o.label),
        value: JSON.stringify({ alertId: a.id, for: o.value }),
      })),
      { label: tr('alert.snooze.date'), value: JSON.stringify({ alertId: a.id, for: 'date' }) },
    ],
  });
  elements.push({
    kind: 'user-select',
    label: tr('alert.assign'),
    actionId: ACTIONS.alertAssign,
    value: JSON.stringify(value),
  });
  elements.push(button(tr('alert.logFollowUp'), ACTIONS.alertFollowUp, value));
  elements.push(button(tr('alert.note'), ACTIONS.alertNote, value));
  elements.push(button(tr('alert.resolve'), ACTIONS.alertResolve, value, 'danger'));
  // The account was kept thanks to this work: resolving says so and asks for a save review.
  elements.push(button(tr('alert.resolveSaved'), ACTIONS.alertResolveSaved, value));
  return elements;
}

/** An alert as posted to a channel, rewritten in place after every action. */
export function alertCard(v: AlertCardView): Card {
  const a = v.alert;
  const locale = v.locale ?? 'en';
  const tr = (key: MessageKey) => t(locale, key);
  const growth = v.expansion;
  const summary = alertSummary(locale, a.summary, a.summary_args);
  // Expansion is good news: its own mark and words, never a risk colour.
  const mark = growth ? '📈' : (SEVERITY_MARK[a.severity] ?? '⚠️');
  const opening = v.escalated
    ? t(locale, 'alert.escalated', { hours: v.escalated.afterHours })
    : growth
      ? tr('alert.expansion')
      : ruleWords(a.rule, locale);
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(
        bold(`${mark} ${growth ? t(locale, 'expansion.prefix') : ''}${shortName(v.account.name)}`),
        `: ${summary}`,
      ),
    },
    {
      type: 'facts',
      facts: [
        {
          label: growth ? tr('alert.signal') : tr('alert.rule'),
          value: rich(ruleWords(a.rule, locale)),
        },
        { label: tr('alert.owner'), value: rich(v.account.owner ?? '—') },
        { label: tr('alert.arr'), value: rich(formatMoney(v.account.arr, locale)) },
        growth
          ? {
              label: tr('alert.potential'),
              value: rich(potentialWords(locale, growth.potential, growth.upliftPct)),
            }
          : { label: tr('alert.renewal'), value: rich(v.account.renewalDate ?? '—') },
      ],
    },
    ...signalBlocks(v, locale),
  ];
  const status = statusSpans(v, locale);
  // "Acknowledged by …" is both the last action and the state: say it once.
  if (v.lastAction && !richToPlain(status).includes(v.lastAction)) {
    blocks.push({ type: 'status', text: rich(v.lastAction) });
  }
  blocks.push({ type: 'status', text: status });
  const actions = actionsFor(v, locale);
  if (actions.length > 0) blocks.push({ type: 'actions', elements: actions });
  const n = v.signals?.length ?? 0;
  const more = n === 0 ? '' : t(locale, 'alert.fallbackMore', { n });
  const resolved = a.status === 'resolved' ? tr('alert.fallbackResolved') : '';
  return {
    title: `${opening}: ${shortName(v.account.name)}`,
    fallback: `${growth ? `${tr('alert.expansion')}: ` : ''}${shortName(v.account.name)}: ${summary}${more}${resolved}`,
    blocks,
    locale,
  };
}
