import type { Band, Driver, MeasureResult, Trend } from '../domain/health';
import { ACTIONS } from './actions';
import { formatDelta, formatMoney, formatScore, plural, shortName } from './format';
import { bold, button, type Card, type CardBlock, type ListItem, rich } from './model';

export interface AccountView {
  id: number;
  name: string;
  domain: string | null;
  externalId: string;
  segment: string | null;
  tier: string | null;
  arr: number | null;
  owner: string | null;
  stage: 'onboarding' | 'active' | 'renewal due' | 'churned';
  renewal: { date: string; daysLeft: number } | null;
  health: {
    score: number | null;
    band: Band | null;
    day: string;
    measures: MeasureResult[];
    drivers: Driver[];
  } | null;
  trend: Trend | null;
  followUps: { items: { text: string; due: string | null; owner: string | null }[]; total: number };
  alerts: { items: { text: string; state: string; who: string | null }[]; total: number };
  /** Running playbooks: "Onboarding 2/5". */
  playbooks?: { title: string; done: number; total: number }[];
}

const SHOWN = 3;

function more(total: number, shown: number): number | undefined {
  return total > shown ? total - shown : undefined;
}

/** The account-health card: the one card CLI, Slack and Teams all show for `/health <account>`. */
export function accountCard(full: AccountView): Card {
  const view = { ...full, name: shortName(full.name) };
  const value = { accountId: view.id };
  const h = view.health;
  const t = view.trend;
  const headline = rich(
    bold(formatScore(h?.score ?? null, h?.band ?? null)),
    h?.score == null && view.stage === 'onboarding' ? ' (onboarding)' : '',
    t ? `  ${t.sparkline}  Δ7d ${formatDelta(t.delta7)} · Δ30d ${formatDelta(t.delta30)}` : '',
  );
  const about = [view.domain, view.segment, view.tier, view.stage].filter(Boolean).join(' · ');
  const blocks: CardBlock[] = [
    { type: 'text', text: headline },
    { type: 'context', text: rich(about) },
    {
      type: 'facts',
      facts: [
        {
          label: 'Renewal',
          value: rich(
            view.stage === 'churned'
              ? `churned${view.renewal ? ` (renewal was due ${view.renewal.date})` : ''}`
              : view.renewal
                ? `${view.renewal.date} (${view.renewal.daysLeft >= 0 ? `in ${plural(view.renewal.daysLeft, 'day')}` : `${plural(-view.renewal.daysLeft, 'day')} ago`})`
                : '—',
          ),
        },
        { label: 'ARR', value: rich(formatMoney(view.arr)) },
        { label: 'Owner', value: rich(view.owner ?? 'unassigned') },
        { label: 'Stage', value: rich(view.stage) },
        ...(view.playbooks && view.playbooks.length > 0
          ? [
              {
                label: 'Playbooks',
                value: rich(
                  view.playbooks.map((p) => `${p.title} ${p.done}/${p.total}`).join(' · '),
                ),
              },
            ]
          : []),
      ],
    },
  ];
  if (h && h.drivers.length > 0) {
    blocks.push({
      type: 'list',
      title: 'Why',
      items: h.drivers.map((d) => ({
        text: rich(d.text),
        detail: rich(`−${Math.round(d.pointsLost)} pts`),
      })),
    });
  }
  if (h && h.score === null) {
    blocks.push({
      type: 'context',
      text: rich('no usage, tickets or surveys yet: the score comes with the first data'),
    });
  } else if (h) {
    const parts = h.measures.map((m) => `${m.key} ${m.score === null ? 'no data' : m.score}`);
    blocks.push({ type: 'context', text: rich(`${parts.join(' · ')} — as of ${h.day}`) });
  } else {
    blocks.push({ type: 'context', text: rich('no health data yet') });
  }
  const followUps: ListItem[] = view.followUps.items.map((f) => ({
    text: rich(f.text),
    detail: rich([f.due ? `due ${f.due}` : 'no due date', f.owner].filter(Boolean).join(' · ')),
  }));
  blocks.push({
    type: 'list',
    title: `Open follow-ups (${view.followUps.total})`,
    items: followUps,
    empty: 'none',
    ...(more(view.followUps.total, followUps.length)
      ? { more: more(view.followUps.total, followUps.length) }
      : {}),
  });
  const alerts: ListItem[] = view.alerts.items.map((a) => ({
    text: rich(a.text),
    detail: rich([a.state, a.who].filter(Boolean).join(' · ')),
  }));
  blocks.push({
    type: 'list',
    title: `Open alerts (${view.alerts.total})`,
    items: alerts,
    empty: 'none',
    ...(more(view.alerts.total, alerts.length)
      ? { more: more(view.alerts.total, alerts.length) }
      : {}),
  });
  blocks.push({
    type: 'actions',
    elements: [
      button('Log follow-up', ACTIONS.logFollowUp, value, 'primary'),
      button('Share in channel', ACTIONS.shareCard, value),
      button('Follow-ups', ACTIONS.showFollowUps, value),
    ],
  });
  const scoreText = h?.score == null ? 'no score yet' : `health ${h.score} (${h.band})`;
  return { title: view.name, fallback: `${view.name}: ${scoreText}`, blocks };
}

export const ACCOUNT_CARD_LIST_SIZE = SHOWN;
