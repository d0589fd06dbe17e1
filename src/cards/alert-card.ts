import { ACTIONS } from './actions';
import { formatMoney, formatWhen, ruleWords, shortName } from './format';
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
  { label: '1 hour', value: '1h', ms: 3_600_000 },
  { label: '4 hours', value: '4h', ms: 4 * 3_600_000 },
  { label: '1 day', value: '1d', ms: 86_400_000 },
  { label: '1 week', value: '1w', ms: 7 * 86_400_000 },
] as const;
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
  signals?: { rule: string; severity: string; summary: string }[];
  /** An expansion signal (not risk): its estimated ARR potential and how it was computed. */
  expansion?: { potential: number | null; how: string };
}

/** "+2 more signals" and each one: the episode on one card. */
function signalBlocks(v: AlertCardView): CardBlock[] {
  const signals = v.signals ?? [];
  if (signals.length === 0) return [];
  return [
    {
      type: 'list',
      title: `+${signals.length} more ${signals.length === 1 ? 'signal' : 'signals'}`,
      items: signals.map((s) => ({
        text: rich(
          `${SEVERITY_MARK[s.severity] ?? '⚠️'} `,
          bold(ruleWords(s.rule)),
          `: ${s.summary}`,
        ),
      })),
    },
  ];
}

const SEVERITY_MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

function statusSpans(v: AlertCardView): Span[] {
  const a = v.alert;
  const when = (d: Date) => formatWhen(d, v.now, v.timeZone);
  const parts: string[] = [];
  if (a.status === 'resolved' && a.resolved_at) {
    parts.push(`Resolved by ${v.people.resolvedBy ?? 'someone'} at ${when(a.resolved_at)}`);
  } else if (a.status === 'acknowledged' && a.acknowledged_at) {
    parts.push(
      `Acknowledged by ${v.people.acknowledgedBy ?? 'someone'} at ${when(a.acknowledged_at)}`,
    );
  } else {
    parts.push('Open, not yet acknowledged');
  }
  if (a.status !== 'resolved' && a.snoozed_until && a.snoozed_until > v.now) {
    parts.push(
      v.snoozeReason
        ? `snoozed until ${when(a.snoozed_until)}: ${v.snoozeReason}`
        : `snoozed until ${when(a.snoozed_until)}`,
    );
  }
  if (a.status !== 'resolved' && v.people.assignee) parts.push(`assigned to ${v.people.assignee}`);
  return [plain(parts.join(' · '))];
}

function actionsFor(v: AlertCardView): ActionElement[] {
  const a = v.alert;
  if (a.status === 'resolved') return [];
  const value = { alertId: a.id };
  const elements: ActionElement[] = [];
  // An expansion card's first action is the opportunity, which also acknowledges it.
  if (v.expansion && a.status === 'open') {
    elements.push(button('Create opportunity', ACTIONS.opportunityCreate, value, 'primary'));
  } else if (a.status === 'open') {
    elements.push(button('Acknowledge', ACTIONS.alertAck, value, 'primary'));
  }
  elements.push({
    kind: 'select',
    label: 'Snooze',
    actionId: ACTIONS.alertSnooze,
    options: [
      ...SNOOZE_OPTIONS.map((o) => ({
        label: o.label,
        value: JSON.stringify({ alertId: a.id, for: o.value }),
      })),
      { label: 'Until after a date…', value: JSON.stringify({ alertId: a.id, for: 'date' }) },
    ],
  });
  elements.push({
    kind: 'user-select',
    label: 'Assign',
    actionId: ACTIONS.alertAssign,
    value: JSON.stringify(value),
  });
  elements.push(button('Log follow-up', ACTIONS.alertFollowUp, value));
  elements.push(button('Note', ACTIONS.alertNote, value));
  elements.push(button('Resolve', ACTIONS.alertResolve, value, 'danger'));
  return elements;
}

/** An alert as posted to a channel, rewritten in place after every action. */
export function alertCard(v: AlertCardView): Card {
  const a = v.alert;
  const growth = v.expansion;
  // Expansion is good news: its own mark and words, never a risk colour.
  const mark = growth ? '📈' : (SEVERITY_MARK[a.severity] ?? '⚠️');
  const opening = v.escalated
    ? `Escalated: not acknowledged within ${v.escalated.afterHours} h`
    : growth
      ? 'Expansion'
      : ruleWords(a.rule);
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(
        bold(`${mark} ${growth ? 'Expansion: ' : ''}${shortName(v.account.name)}`),
        `: ${a.summary}`,
      ),
    },
    {
      type: 'facts',
      facts: [
        { label: growth ? 'Signal' : 'Rule', value: rich(ruleWords(a.rule)) },
        { label: 'Owner', value: rich(v.account.owner ?? '—') },
        { label: 'ARR', value: rich(formatMoney(v.account.arr)) },
        growth
          ? {
              label: 'Potential',
              value: rich(
                growth.potential === null
                  ? `— (${growth.how}; no ARR recorded)`
                  : `${formatMoney(growth.potential)} (${growth.how})`,
              ),
            }
          : { label: 'Renewal', value: rich(v.account.renewalDate ?? '—') },
      ],
    },
    ...signalBlocks(v),
  ];
  const status = statusSpans(v);
  // "Acknowledged by …" is both the last action and the state: say it once.
  if (v.lastAction && !richToPlain(status).includes(v.lastAction)) {
    blocks.push({ type: 'status', text: rich(v.lastAction) });
  }
  blocks.push({ type: 'status', text: status });
  const actions = actionsFor(v);
  if (actions.length > 0) blocks.push({ type: 'actions', elements: actions });
  return {
    title: `${opening}: ${shortName(v.account.name)}`,
    fallback: `${growth ? 'Expansion: ' : ''}${shortName(v.account.name)}: ${a.summary}${moreText(v)}${a.status === 'resolved' ? ' (resolved)' : ''}`,
    blocks,
  };
}

function moreText(v: AlertCardView): string {
  const n = v.signals?.length ?? 0;
  return n === 0 ? '' : ` (+${n} more ${n === 1 ? 'signal' : 'signals'})`;
}
