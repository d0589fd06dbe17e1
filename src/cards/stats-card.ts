import type { Locale } from '../domain/locale';
import {
  type DayRange,
  type DefinitionKey,
  type PeriodFigures,
  type PeriodName,
  round1,
  type TeamMetrics,
} from '../domain/metrics';
import { describeFilters } from '../domain/subscription-filter';
import { BAND_MARK, formatMoney } from './format';
import { day as dayIn } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, type Card, type CardBlock, italic, type ListItem, rich } from './model';
import { reasonWordsIn } from './review-words';

const PERIOD_KEY: Record<PeriodName, MessageKey> = {
  '7d': 'stats.period.7d',
  '30d': 'stats.period.30d',
  '90d': 'stats.period.90d',
  quarter: 'stats.period.quarter',
};

/** Each figure's footnote: the same words as domain/metrics DEFINITIONS, the README and the API. */
export const DEFINITION_KEY: Record<DefinitionKey, MessageKey> = {
  timeToAck: 'stats.def.timeToAck',
  firstTouch: 'stats.def.firstTouch',
  alerts: 'stats.def.alerts',
  loops: 'stats.def.loops',
  followUps: 'stats.def.followUps',
  renewals: 'stats.def.renewals',
  grr: 'stats.def.grr',
  nrr: 'stats.def.nrr',
  logoChurn: 'stats.def.logoChurn',
  nps: 'stats.def.nps',
  csat: 'stats.def.csat',
  bands: 'stats.def.bands',
  reasons: 'stats.def.reasons',
};

/** Hours as people read them: minutes under an hour, days past two. */
export function formatHours(hours: number | null, locale: Locale = 'en'): string {
  if (hours === null) return '—';
  if (hours < 1) return t(locale, 'stats.minutes', { n: Math.round(hours * 60) });
  if (hours < 48) return t(locale, 'stats.hours', { n: String(round1(hours)) });
  return t(locale, 'stats.days', { n: String(round1(hours / 24)) });
}

export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${round1(value)}%`;
}

function formatNps(value: number | null): string {
  if (value === null) return '—';
  const v = round1(value)!;
  return v > 0 ? `+${v}` : `${v}`;
}

function range(r: DayRange, today: string, locale: Locale): string {
  return r.from === r.to
    ? dayIn(locale, r.from, today)
    : `${dayIn(locale, r.from, today)} – ${dayIn(locale, r.to, today)}`;
}

interface Row {
  label: MessageKey;
  value: (f: PeriodFigures, tr: (key: MessageKey, p?: Params) => string, l: Locale) => string;
  definition: DefinitionKey;
}

/** The figures in the order a manager reads them: response, follow-through, revenue, voice. */
const ROWS: Row[] = [
  {
    label: 'stats.row.timeToAck',
    value: (f, tr, l) =>
      tr('stats.value.timeToAck', {
        median: formatHours(f.alerts.ackMedianHours, l),
        p90: formatHours(f.alerts.ackP90Hours, l),
      }),
    definition: 'timeToAck',
  },
  {
    label: 'stats.row.firstTouch',
    value: (f, tr, l) =>
      tr('stats.value.firstTouch', { median: formatHours(f.alerts.firstTouchMedianHours, l) }),
    definition: 'firstTouch',
  },
  {
    label: 'stats.row.alerts',
    value: (f, tr) =>
      tr('stats.value.alerts', {
        opened: f.alerts.opened,
        acknowledged: f.alerts.acknowledged,
        resolved: f.alerts.resolved,
      }),
    definition: 'alerts',
  },
  {
    label: 'stats.row.loops',
    value: (f, tr) =>
      f.loops.due === 0
        ? tr('stats.value.noLoopDue')
        : tr('stats.value.loops', {
            rate: formatPercent(f.loops.onTimeRate),
            closed: f.loops.closedOnTime,
            due: String(f.loops.due),
          }),
    definition: 'loops',
  },
  {
    label: 'stats.row.followUps',
    value: (f, tr) =>
      tr('stats.value.followUps', { done: f.followUps.done, overdue: f.followUps.overdue }),
    definition: 'followUps',
  },
  {
    label: 'stats.row.renewals',
    value: (f, tr, l) => {
      const r = f.renewals;
      return tr('stats.value.renewals', {
        won: r.won.count,
        wonArr: formatMoney(r.won.arr, l),
        lost: r.lost.count,
        lostArr: formatMoney(r.lost.arr, l),
        open: r.open.count,
        openArr: formatMoney(r.open.arr, l),
      });
    },
    definition: 'renewals',
  },
  { label: 'stats.row.grr', value: (f) => formatPercent(f.retention.grr), definition: 'grr' },
  { label: 'stats.row.nrr', value: (f) => formatPercent(f.retention.nrr), definition: 'nrr' },
  {
    label: 'stats.row.logoChurn',
    value: (f, tr) =>
      tr('stats.value.ofCohort', {
        rate: formatPercent(f.retention.logoChurnRate),
        n: f.retention.churned,
        of: f.retention.cohort,
      }),
    definition: 'logoChurn',
  },
  {
    label: 'stats.row.nps',
    value: (f, tr) =>
      tr('stats.value.answers', { value: formatNps(f.surveys.nps), n: f.surveys.npsAnswers }),
    definition: 'nps',
  },
  {
    label: 'stats.row.csat',
    value: (f, tr) =>
      tr('stats.value.answers', { value: formatPercent(f.surveys.csat), n: f.surveys.csatAnswers }),
    definition: 'csat',
  },
  {
    label: 'stats.row.bands',
    value: (f, tr) => {
      const e = f.bands.end;
      const none = e.none > 0 ? tr('stats.value.noScore', { n: e.none }) : '';
      return tr('stats.value.bands', {
        green: `${BAND_MARK.green} ${e.green}`,
        yellow: `${BAND_MARK.yellow} ${e.yellow}`,
        red: `${BAND_MARK.red} ${e.red}`,
        none,
        up: f.bands.up,
        down: f.bands.down,
      });
    },
    definition: 'bands',
  },
  {
    label: 'stats.row.reasons',
    value: (f, tr, l) => {
      const words = (list: { reason: string; count: number }[]) =>
        list.map((r) => `${reasonWordsIn(l, r.reason)} ${r.count}`).join(tr('stats.listSep'));
      const { churn, save } = f.reasons;
      if (churn.length === 0 && save.length === 0) return tr('stats.value.noReview');
      return [
        churn.length ? tr('stats.value.churnReasons', { list: words(churn) }) : '',
        save.length ? tr('stats.value.saveReasons', { list: words(save) }) : '',
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
  /** Whose figures: the team's, the reader's own, or a named person's. */
  who: { kind: 'team' } | { kind: 'me' } | { kind: 'person'; name: string };
  today: string;
  locale?: Locale;
}

/**
 * `/stats`: each figure for the period with the previous period's beside it, and a footnote
 * per figure saying how it is computed (the same words as the README and the API).
 */
export function statsCard(v: StatsCardView): Card {
  const locale = v.locale ?? 'en';
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const { current, previous } = v.metrics;
  const items: ListItem[] = ROWS.map((row, i) => ({
    text: rich(bold(tr(row.label)), mark(i + 1), `  ${row.value(current, tr, locale)}`),
    detail: rich(italic(tr('stats.previous', { value: row.value(previous, tr, locale) }))),
  }));
  const footnotes: CardBlock[] = ROWS.map((row, i) => ({
    type: 'context',
    text: rich(`${mark(i + 1)} ${tr(DEFINITION_KEY[row.definition])}`),
  }));
  const title = tr('stats.title', {
    whoKind: v.who.kind,
    who: v.who.kind === 'person' ? v.who.name : '',
    period: tr(PERIOD_KEY[v.metrics.period]),
  });
  const scope = v.metrics.scope;
  return {
    title,
    fallback: tr('stats.fallback', {
      title,
      alerts: current.alerts.opened,
      grr: formatPercent(current.retention.grr),
      nrr: formatPercent(current.retention.nrr),
      nps: formatNps(current.surveys.nps),
    }),
    blocks: [
      {
        type: 'context',
        text: rich(
          tr('stats.range', {
            current: range(current.days, v.today, locale),
            previous: range(previous.days, v.today, locale),
          }),
          scope.kind === 'person'
            ? tr('stats.scopeOwned')
            : ` · ${filtersIn(locale, describeFilters(scope.filters ?? {}))}`,
        ),
      },
      { type: 'list', items },
      { type: 'divider' },
      ...footnotes,
    ],
    locale,
  };
}

/** The filter words stay as typed (`segment=enterprise`); only "all accounts" is translated. */
function filtersIn(locale: Locale, described: string): string {
  return described === 'all accounts' ? t(locale, 'digest.allAccounts') : described;
}
