import { shortDay } from '../domain/dates';
import {
  type DayRange,
  DEFINITIONS,
  type DefinitionKey,
  type PeriodFigures,
  type PeriodName,
  round1,
  type TeamMetrics,
} from '../domain/metrics';
import { reasonWords } from '../domain/reviews';
import { describeFilters } from '../domain/subscription-filter';
import { BAND_MARK, formatMoney } from './format';
import { bold, type Card, type CardBlock, italic, type ListItem, rich } from './model';

const PERIOD_WORDS: Record<PeriodName, string> = {
  '7d': 'last 7 days',
  '30d': 'last 30 days',
  '90d': 'last 90 days',
  quarter: 'quarter to date',
};

/** Hours as people read them: minutes under an hour, days past two. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${round1(hours)} h`;
  return `${round1(hours / 24)} d`;
}

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${round1(value)}%`;
}

function formatNps(value: number | null): string {
  if (value === null) return '—';
  const v = round1(value)!;
  return v > 0 ? `+${v}` : `${v}`;
}

function range(r: DayRange, today: string): string {
  return r.from === r.to
    ? shortDay(r.from, today)
    : `${shortDay(r.from, today)} – ${shortDay(r.to, today)}`;
}

interface Row {
  label: string;
  value: (f: PeriodFigures) => string;
  definition: DefinitionKey;
}

/** The figures in the order a manager reads them: response, follow-through, revenue, voice. */
const ROWS: Row[] = [
  {
    label: 'Time to acknowledge',
    value: (f) =>
      `median ${formatHours(f.alerts.ackMedianHours)} · p90 ${formatHours(f.alerts.ackP90Hours)}`,
    definition: 'timeToAck',
  },
  {
    label: 'Time to first touch',
    value: (f) => `median ${formatHours(f.alerts.firstTouchMedianHours)}`,
    definition: 'firstTouch',
  },
  {
    label: 'Alerts',
    value: (f) =>
      `${f.alerts.opened} opened · ${f.alerts.acknowledged} acknowledged · ${f.alerts.resolved} resolved`,
    definition: 'alerts',
  },
  {
    label: 'Loops closed on time',
    value: (f) =>
      f.loops.due === 0
        ? 'no loop due'
        : `${formatPercent(f.loops.onTimeRate)} (${f.loops.closedOnTime} of ${f.loops.due})`,
    definition: 'loops',
  },
  {
    label: 'Follow-ups',
    value: (f) => `${f.followUps.done} done · ${f.followUps.overdue} overdue`,
    definition: 'followUps',
  },
  {
    label: 'Renewals',
    value: (f) => {
      const r = f.renewals;
      return `won ${r.won.count} (${formatMoney(r.won.arr)}) · lost ${r.lost.count} (${formatMoney(r.lost.arr)}) · open ${r.open.count} (${formatMoney(r.open.arr)})`;
    },
    definition: 'renewals',
  },
  { label: 'GRR', value: (f) => formatPercent(f.retention.grr), definition: 'grr' },
  { label: 'NRR', value: (f) => formatPercent(f.retention.nrr), definition: 'nrr' },
  {
    label: 'Logo churn',
    value: (f) =>
      `${formatPercent(f.retention.logoChurnRate)} (${f.retention.churned} of ${f.retention.cohort})`,
    definition: 'logoChurn',
  },
  {
    label: 'NPS',
    value: (f) => `${formatNps(f.surveys.nps)} (${f.surveys.npsAnswers} answers)`,
    definition: 'nps',
  },
  {
    label: 'CSAT',
    value: (f) => `${formatPercent(f.surveys.csat)} (${f.surveys.csatAnswers} answers)`,
    definition: 'csat',
  },
  {
    label: 'Bands',
    value: (f) => {
      const e = f.bands.end;
      const none = e.none > 0 ? ` · no score ${e.none}` : '';
      return `${BAND_MARK.green} ${e.green} · ${BAND_MARK.yellow} ${e.yellow} · ${BAND_MARK.red} ${e.red}${none} · ${f.bands.up} up, ${f.bands.down} down`;
    },
    definition: 'bands',
  },
  {
    label: 'Churn and save reasons',
    value: (f) => {
      const words = (list: { reason: string; count: number }[]) =>
        list.map((r) => `${reasonWords(r.reason)} ${r.count}`).join(', ');
      const { churn, save } = f.reasons;
      if (churn.length === 0 && save.length === 0) return 'no review';
      return [
        churn.length ? `churn: ${words(churn)}` : '',
        save.length ? `save: ${words(save)}` : '',
      ]
        .filter(Boolean)
        .join(' · ');
    },
    definition: 'reasons',
  },
];

const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const mark = (n: number) =>
  String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');

export interface StatsCardView {
  metrics: TeamMetrics;
  /** "Team" or the person's name or e-mail. */
  who: string;
  today: string;
}

/**
 * `/stats`: each figure for the period with the previous period's beside it, and a footnote
 * per figure saying how it is computed (the same words as the README and the API).
 */
export function statsCard(v: StatsCardView): Card {
  const { current, previous } = v.metrics;
  const items: ListItem[] = ROWS.map((row, i) => ({
    text: rich(bold(row.label), mark(i + 1), `  ${row.value(current)}`),
    detail: rich(italic(`previous: ${row.value(previous)}`)),
  }));
  const footnotes: CardBlock[] = ROWS.map((row, i) => ({
    type: 'context',
    text: rich(`${mark(i + 1)} ${DEFINITIONS[row.definition]}`),
  }));
  const title = `${v.who} stats · ${PERIOD_WORDS[v.metrics.period]}`;
  return {
    title,
    fallback: `${title}: ${current.alerts.opened} alerts, GRR ${formatPercent(current.retention.grr)}, NRR ${formatPercent(current.retention.nrr)}, NPS ${formatNps(current.surveys.nps)}`,
    blocks: [
      {
        type: 'context',
        text: rich(
          `${range(current.days, v.today)} vs ${range(previous.days, v.today)}`,
          v.metrics.scope.kind === 'person'
            ? ' · accounts they own'
            : ` · ${describeFilters(v.metrics.scope.filters ?? {})}`,
        ),
      },
      { type: 'list', items },
      { type: 'divider' },
      ...footnotes,
    ],
  };
}
