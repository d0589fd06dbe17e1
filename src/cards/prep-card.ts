import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import type { PlanProgress } from '../domain/plans';
import type { HealthStory, UsageFigure } from '../domain/prep/brief';
import type { TalkingPoint } from '../domain/prep/talking-points';
import { ALERT_STATE_KEY } from './account-card';
import { potentialWords } from './expansion-words';
import { BAND_KEY, formatDelta, formatMoney, formatScore, shortName } from './format';
import { day as dayIn, relativeDays } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, type Card, type CardBlock, type ChartSpec, type ListItem, rich } from './model';
import { progressWordsIn } from './plan-words';
import { pointText, usageLabel } from './prep-words';

export interface PrepView {
  accountId: number;
  accountName: string;
  owner: string | null;
  today: string;
  period: { from: string; to: string };
  previous: { from: string; to: string };
  story: HealthStory;
  drivers: string[];
  usage: UsageFigure[];
  featuresTotal: number | null;
  tickets: {
    open: number;
    urgent: number;
    high: number;
    top: { subject: string | null; priority: string; openedOn: string }[];
  };
  surveys: {
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    comment: string | null;
    day: string;
  }[];
  plan: { progress: PlanProgress; goals: string[] };
  renewal: { date: string; daysLeft: number; arr: number | null } | null;
  arr: number | null;
  alerts: { total: number; top: { summary: string; status: string }[] };
  /** Open expansion alerts with their potential (app/prep.ts); a section when there are any. */
  expansion: { text: string; potential: number | null; upliftPct: number; status: string }[];
  talkingPoints: TalkingPoint[];
  /** The score trend picture drawn after the answer (app/prep.ts trendChartOf); null: none. */
  chart: ChartSpec | null;
}

/** Rows a section shows before "and N more": the brief is one screen. */
const SHOWN = 3;

function more(total: number, shown: number): { more?: number } {
  return total > shown ? { more: total - shown } : {};
}

function figure(n: number | null): string {
  if (n === null) return '—';
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
}

const PRIORITY_KEY: Record<string, MessageKey> = {
  urgent: 'prep.priority.urgent',
  high: 'prep.priority.high',
  normal: 'prep.priority.normal',
  low: 'prep.priority.low',
};

function bandIn(locale: Locale, band: Band | null): string {
  return band ? t(locale, BAND_KEY[band]) : '';
}

function healthLine(v: PrepView, day: (d: string) => string, locale: Locale): string {
  const { start, now, change } = v.story;
  if (!now) return t(locale, 'prep.noHealth');
  const current = formatScore(now.score, now.band, locale);
  if (!start || start === now || change === null) return current;
  return t(locale, 'prep.healthWas', {
    current,
    score: String(start.score),
    band: bandIn(locale, start.band),
    day: day(start.day),
    change: formatDelta(change, locale),
  });
}

/** The meeting brief (`/prep acme`): one screen for a QBR or a check-in. */
export function prepCard(v: PrepView, locale: Locale = 'en'): Card {
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const name = shortName(v.accountName);
  const day = (d: string) => dayIn(locale, d, v.today);
  const blocks: CardBlock[] = [
    {
      type: 'context',
      text: rich(tr('prep.period', { from: day(v.period.from), to: day(v.period.to) })),
    },
    {
      type: 'facts',
      facts: [
        { label: tr('prep.health'), value: rich(healthLine(v, day, locale)) },
        {
          label: tr('account.renewal'),
          value: rich(
            v.renewal
              ? tr('prep.renewal', {
                  day: day(v.renewal.date),
                  relative: relativeDays(locale, v.renewal.daysLeft),
                  money: formatMoney(v.renewal.arr, locale),
                })
              : tr('prep.noRenewal', { money: formatMoney(v.arr, locale) }),
          ),
        },
        { label: tr('account.owner'), value: rich(v.owner ?? tr('account.unassigned')) },
        {
          label: tr('account.plan'),
          value: rich(
            v.plan.progress.total > 0
              ? progressWordsIn(locale, v.plan.progress, v.today)
              : tr('prep.noMilestones', { goals: v.plan.goals.length }),
          ),
        },
      ],
    },
  ];
  const story: ListItem[] = [
    ...v.story.bandChanges.map((c) => ({
      text: rich(`${bandIn(locale, c.from)} → ${bandIn(locale, c.to)}`),
      detail: rich(day(c.day)),
    })),
    ...v.drivers
      .slice(0, SHOWN)
      .map((d) => ({ text: rich(d), detail: rich(tr('prep.driverNow')) })),
  ];
  blocks.push({
    type: 'list',
    title: tr('prep.healthTitle'),
    items: story.slice(0, SHOWN + 2),
    empty: tr('prep.healthEmpty'),
    ...more(story.length, SHOWN + 2),
  });
  blocks.push({
    type: 'list',
    title: tr('prep.usageTitle'),
    items: v.usage.map((u) => ({
      text: rich(
        bold(usageLabel(locale, u.key)),
        `: ${figure(u.previous)} → ${figure(u.current)}`,
        u.key === 'features' && v.featuresTotal !== null
          ? tr('prep.ofTotal', { total: figure(v.featuresTotal) })
          : '',
      ),
      detail: rich(
        u.changePct === null
          ? tr('prep.noComparison')
          : `${u.changePct > 0 ? '+' : u.changePct < 0 ? '−' : '±'}${Math.abs(u.changePct)}%`,
      ),
    })),
  });
  blocks.push({
    type: 'list',
    title: tr('prep.ticketsTitle', { n: v.tickets.open }),
    items: v.tickets.top.slice(0, SHOWN).map((tk) => ({
      text: rich(tk.subject ?? tr('prep.noSubject')),
      detail: rich(
        tr('prep.ticketOpened', {
          priority: PRIORITY_KEY[tk.priority] ? tr(PRIORITY_KEY[tk.priority]!) : tk.priority,
          day: day(tk.openedOn),
        }),
      ),
    })),
    empty: tr('account.none'),
    ...more(v.tickets.open, Math.min(SHOWN, v.tickets.top.length)),
  });
  const commented = v.surveys.filter((s) => s.comment);
  blocks.push({
    type: 'list',
    title: tr('prep.surveysTitle', { n: v.surveys.length }),
    items: commented.slice(0, SHOWN).map((s) => ({
      text: rich(`“${s.comment}”`),
      detail: rich(
        [s.kind === 'nps' ? `NPS ${s.score}` : `CSAT ${s.score}/5`, s.respondent, day(s.day)]
          .filter(Boolean)
          .join(' · '),
      ),
    })),
    empty: tr(v.surveys.length > 0 ? 'prep.noComments' : 'prep.noAnswers'),
    ...more(commented.length, SHOWN),
  });
  blocks.push({
    type: 'list',
    title: tr('prep.risksTitle', { n: v.alerts.total }),
    items: v.alerts.top.slice(0, SHOWN).map((a) => ({
      text: rich(a.summary),
      detail: rich(ALERT_STATE_KEY[a.status] ? tr(ALERT_STATE_KEY[a.status]!) : a.status),
    })),
    empty: tr('account.none'),
    ...more(v.alerts.total, Math.min(SHOWN, v.alerts.top.length)),
  });
  if (v.expansion.length > 0) {
    // Signals overlap (more seats and more users are often one deal): the account's potential
    // is its largest signal's, as /renewals and the digest count it.
    const best = Math.max(0, ...v.expansion.map((e) => e.potential ?? 0));
    blocks.push({
      type: 'list',
      title:
        tr('prep.expansionTitle', { n: v.expansion.length }) +
        (best > 0 ? tr('prep.expansionBest', { money: formatMoney(best, locale) }) : ''),
      items: v.expansion.slice(0, SHOWN).map((e) => ({
        text: rich(e.text),
        detail: rich(
          [
            tr('prep.potential', { words: potentialWords(locale, e.potential, e.upliftPct) }),
            e.status === 'open'
              ? null
              : ALERT_STATE_KEY[e.status]
                ? tr(ALERT_STATE_KEY[e.status]!)
                : e.status,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
      })),
      ...more(v.expansion.length, SHOWN),
    });
  }
  blocks.push({
    type: 'list',
    title: tr('prep.pointsTitle'),
    items: v.talkingPoints.map((p, i) => ({
      text: rich(bold(`${i + 1}.`), ' ', pointText(locale, p)),
    })),
    empty: tr('prep.pointsEmpty'),
  });
  return {
    title: tr('prep.title', { name }),
    fallback: tr('prep.fallback', { name, health: healthLine(v, day, locale) }),
    blocks,
    // Drawn after the answer by the chat layer (Slack: a file upload; Teams: inline).
    ...(v.chart ? { charts: v.chart } : {}),
    locale,
  };
}
