import type { Band, Driver, Fact, MeasureKey, MeasureResult, Trend } from '../domain/health';
import type { Locale } from '../domain/locale';
import type { PlanProgress } from '../domain/plans';
import { ACTIONS } from './actions';
import { alertSummary } from './alert-summary';
import { BAND_KEY, formatDelta, formatMoney, formatScore, shortName } from './format';
import { whyLine } from './health-why';
import { relativeDays } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { bold, button, type Card, type CardBlock, type ListItem, rich } from './model';
import { progressWordsIn } from './plan-words';
import { playbookWordsIn } from './playbook-words';

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
    /** With facts (snapshots since T0130) a driver is worded in the reader's language. */
    drivers: (Driver & { facts?: readonly Fact[] })[];
  } | null;
  trend: Trend | null;
  followUps: { items: { text: string; due: string | null; owner: string | null }[]; total: number };
  alerts: {
    items: { text: string; state: string; who: string | null; args?: unknown }[];
    total: number;
  };
  /** The success plan's progress (`/plan`); null or absent when the account has none. */
  plan?: PlanProgress | null;
  /** Running playbooks: "Onboarding 2/5". */
  playbooks?: { title: string; done: number; total: number }[];
}

const SHOWN = 3;

function more(total: number, shown: number): number | undefined {
  return total > shown ? total - shown : undefined;
}

const STAGE_KEY: Record<AccountView['stage'], MessageKey> = {
  onboarding: 'stage.onboarding',
  active: 'stage.active',
  'renewal due': 'stage.renewalDue',
  churned: 'stage.churned',
};

const MEASURE_KEY: Record<MeasureKey, MessageKey> = {
  usage: 'measure.usage',
  recency: 'measure.recency',
  adoption: 'measure.adoption',
  support: 'measure.support',
  sentiment: 'measure.sentiment',
};

/** An alert's state in words (also the risk list's). */
export const ALERT_STATE_KEY: Record<string, MessageKey> = {
  open: 'alertState.open',
  acknowledged: 'alertState.acknowledged',
  resolved: 'alertState.resolved',
};

/** The account-health card: the one card CLI, Slack and Teams all show for `/health <account>`. */
export function accountCard(full: AccountView, locale: Locale = 'en'): Card {
  const tr = (key: MessageKey, params?: Params) => t(locale, key, params);
  const view = { ...full, name: shortName(full.name) };
  const value = { accountId: view.id };
  const h = view.health;
  const tw = view.trend;
  const stage = tr(STAGE_KEY[view.stage]);
  const headline = rich(
    bold(formatScore(h?.score ?? null, h?.band ?? null, locale)),
    h?.score == null && view.stage === 'onboarding' ? tr('account.onboardingNote') : '',
    tw
      ? tr('account.trend', {
          sparkline: tw.sparkline,
          d7: formatDelta(tw.delta7, locale),
          d30: formatDelta(tw.delta30, locale),
        })
      : '',
  );
  const about = [view.domain, view.segment, view.tier, stage].filter(Boolean).join(' · ');
  const renewal = view.renewal;
  const blocks: CardBlock[] = [
    { type: 'text', text: headline },
    { type: 'context', text: rich(about) },
    {
      type: 'facts',
      facts: [
        {
          label: tr('account.renewal'),
          value: rich(
            view.stage === 'churned'
              ? renewal
                ? tr('account.renewal.churnedWasDue', { date: renewal.date })
                : tr('account.renewal.churned')
              : renewal
                ? tr('account.renewal.when', {
                    date: renewal.date,
                    relative: relativeDays(locale, renewal.daysLeft),
                  })
                : '—',
          ),
        },
        { label: tr('account.arr'), value: rich(formatMoney(view.arr, locale)) },
        { label: tr('account.owner'), value: rich(view.owner ?? tr('account.unassigned')) },
        { label: tr('account.stage'), value: rich(stage) },
        ...(view.plan
          ? [{ label: tr('account.plan'), value: rich(progressWordsIn(locale, view.plan)) }]
          : []),
        ...(view.playbooks && view.playbooks.length > 0
          ? [
              {
                label: tr('account.playbooks'),
                value: rich(
                  view.playbooks
                    .map((p) => `${playbookWordsIn(locale, p.title)} ${p.done}/${p.total}`)
                    .join(' · '),
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
      title: tr('account.why'),
      items: h.drivers.map((d) => ({
        text: rich(d.facts ? whyLine(locale, d.facts) : d.text),
        detail: rich(tr('account.pointsLost', { points: Math.round(d.pointsLost) })),
      })),
    });
  }
  if (h && h.score === null) {
    blocks.push({ type: 'context', text: rich(tr('account.noScoreYet')) });
  } else if (h) {
    const parts = h.measures.map(
      (m) =>
        `${MEASURE_KEY[m.key] ? tr(MEASURE_KEY[m.key]) : m.key} ${m.score === null ? tr('measure.noData') : m.score}`,
    );
    blocks.push({
      type: 'context',
      text: rich(tr('account.measures', { measures: parts.join(' · '), day: h.day })),
    });
  } else {
    blocks.push({ type: 'context', text: rich(tr('account.noHealth')) });
  }
  const followUps: ListItem[] = view.followUps.items.map((f) => ({
    text: rich(f.text),
    detail: rich(
      [f.due ? tr('account.due', { date: f.due }) : tr('account.noDueDate'), f.owner]
        .filter(Boolean)
        .join(' · '),
    ),
  }));
  blocks.push({
    type: 'list',
    title: tr('account.openFollowUps', { n: view.followUps.total }),
    items: followUps,
    empty: tr('account.none'),
    ...(more(view.followUps.total, followUps.length)
      ? { more: more(view.followUps.total, followUps.length) }
      : {}),
  });
  const alerts: ListItem[] = view.alerts.items.map((a) => {
    const state = ALERT_STATE_KEY[a.state];
    return {
      text: rich(alertSummary(locale, a.text, a.args)),
      detail: rich([state ? tr(state) : a.state, a.who].filter(Boolean).join(' · ')),
    };
  });
  blocks.push({
    type: 'list',
    title: tr('account.openAlerts', { n: view.alerts.total }),
    items: alerts,
    empty: tr('account.none'),
    ...(more(view.alerts.total, alerts.length)
      ? { more: more(view.alerts.total, alerts.length) }
      : {}),
  });
  blocks.push({
    type: 'actions',
    elements: [
      button(tr('account.logFollowUp'), ACTIONS.logFollowUp, value, 'primary'),
      button(tr('account.share'), ACTIONS.shareCard, value),
      button(tr('account.followUps'), ACTIONS.showFollowUps, value),
    ],
  });
  const fallback =
    h?.score == null
      ? tr('account.fallback.none', { name: view.name })
      : tr('account.fallback.score', {
          name: view.name,
          score: h.score,
          band: h.band ? tr(BAND_KEY[h.band]) : '',
        });
  return { title: view.name, fallback, blocks, locale };
}

export const ACCOUNT_CARD_LIST_SIZE = SHOWN;
