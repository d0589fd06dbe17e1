import { shortDay } from '../domain/dates';
import { type PlanProgress, progressWords } from '../domain/plans';
import type { HealthStory, UsageFigure } from '../domain/prep/brief';
import type { TalkingPoint } from '../domain/prep/talking-points';
import { formatDelta, formatMoney, formatScore, plural, shortName } from './format';
import { bold, type Card, type CardBlock, type ChartSpec, type ListItem, rich } from './model';

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
  expansion: { text: string; potential: number | null; how: string; status: string }[];
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

function healthLine(v: PrepView, day: (d: string) => string): string {
  const { start, now, change } = v.story;
  if (!now) return 'no health score in this period';
  const current = formatScore(now.score, now.band);
  if (!start || start === now || change === null) return current;
  return `${current} (was ${start.score} ${start.band ?? ''} on ${day(start.day)}, ${formatDelta(change)})`;
}

/** The meeting brief (`/prep acme`): one screen for a QBR or a check-in. */
export function prepCard(v: PrepView): Card {
  const name = shortName(v.accountName);
  const day = (d: string) => shortDay(d, v.today);
  const blocks: CardBlock[] = [
    {
      type: 'context',
      text: rich(
        `Last 90 days (${day(v.period.from)} – ${day(v.period.to)}) against the 90 before · for a QBR or check-in`,
      ),
    },
    {
      type: 'facts',
      facts: [
        { label: 'Health', value: rich(healthLine(v, day)) },
        {
          label: 'Renewal',
          value: rich(
            v.renewal
              ? `${day(v.renewal.date)} (${v.renewal.daysLeft >= 0 ? `in ${plural(v.renewal.daysLeft, 'day')}` : `${plural(-v.renewal.daysLeft, 'day')} ago`}) · ${formatMoney(v.renewal.arr)} ARR`
              : `— · ${formatMoney(v.arr)} ARR`,
          ),
        },
        { label: 'Owner', value: rich(v.owner ?? 'unassigned') },
        {
          label: 'Plan',
          value: rich(
            v.plan.progress.total > 0
              ? progressWords(v.plan.progress, day)
              : `no milestones${v.plan.goals.length ? ` · ${plural(v.plan.goals.length, 'goal')}` : ''}`,
          ),
        },
      ],
    },
  ];
  const story: ListItem[] = [
    ...v.story.bandChanges.map((c) => ({
      text: rich(`${c.from} → ${c.to}`),
      detail: rich(day(c.day)),
    })),
    ...v.drivers.slice(0, SHOWN).map((d) => ({ text: rich(d), detail: rich('driver now') })),
  ];
  blocks.push({
    type: 'list',
    title: 'Health this quarter',
    items: story.slice(0, SHOWN + 2),
    empty: 'no band changes, no drivers',
    ...more(story.length, SHOWN + 2),
  });
  blocks.push({
    type: 'list',
    title: 'Usage and adoption (vs the previous 90 days)',
    items: v.usage.map((u) => ({
      text: rich(
        bold(u.label),
        `: ${figure(u.previous)} → ${figure(u.current)}`,
        u.key === 'features' && v.featuresTotal !== null ? ` of ${figure(v.featuresTotal)}` : '',
      ),
      detail: rich(
        u.changePct === null
          ? 'no comparison'
          : `${u.changePct > 0 ? '+' : u.changePct < 0 ? '−' : '±'}${Math.abs(u.changePct)}%`,
      ),
    })),
  });
  blocks.push({
    type: 'list',
    title: `Open tickets (${v.tickets.open})`,
    items: v.tickets.top.slice(0, SHOWN).map((t) => ({
      text: rich(t.subject ?? '(no subject)'),
      detail: rich(`${t.priority} · opened ${day(t.openedOn)}`),
    })),
    empty: 'none',
    ...more(v.tickets.open, Math.min(SHOWN, v.tickets.top.length)),
  });
  const commented = v.surveys.filter((s) => s.comment);
  blocks.push({
    type: 'list',
    title: `NPS / CSAT this quarter (${v.surveys.length})`,
    items: commented.slice(0, SHOWN).map((s) => ({
      text: rich(`“${s.comment}”`),
      detail: rich(
        [s.kind === 'nps' ? `NPS ${s.score}` : `CSAT ${s.score}/5`, s.respondent, day(s.day)]
          .filter(Boolean)
          .join(' · '),
      ),
    })),
    empty: v.surveys.length > 0 ? 'no comments' : 'no answers',
    ...more(commented.length, SHOWN),
  });
  blocks.push({
    type: 'list',
    title: `Open risks (${v.alerts.total})`,
    items: v.alerts.top
      .slice(0, SHOWN)
      .map((a) => ({ text: rich(a.summary), detail: rich(a.status) })),
    empty: 'none',
    ...more(v.alerts.total, Math.min(SHOWN, v.alerts.top.length)),
  });
  if (v.expansion.length > 0) {
    // Signals overlap (more seats and more users are often one deal): the account's potential
    // is its largest signal's, as /renewals and the digest count it.
    const best = Math.max(0, ...v.expansion.map((e) => e.potential ?? 0));
    blocks.push({
      type: 'list',
      title: `Expansion signals (${v.expansion.length})${best > 0 ? ` · up to ${formatMoney(best)} potential` : ''}`,
      items: v.expansion.slice(0, SHOWN).map((e) => ({
        text: rich(e.text),
        detail: rich(
          [
            e.potential === null
              ? 'no ARR: no potential'
              : `potential ${formatMoney(e.potential)} (${e.how})`,
            e.status === 'open' ? null : e.status,
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
    title: 'Talking points',
    items: v.talkingPoints.map((p, i) => ({ text: rich(bold(`${i + 1}.`), ' ', p.text) })),
    empty: 'nothing stands out in the data',
  });
  return {
    title: `Meeting prep: ${name}`,
    fallback: `Meeting prep for ${name}: ${healthLine(v, day)}`,
    blocks,
    // Drawn after the answer by the chat layer (Slack: a file upload; Teams: inline).
    ...(v.chart ? { charts: v.chart } : {}),
  };
}
