import { alertSummary } from '../cards/alert-summary';
import { whyLine } from '../cards/health-why';
import { t } from '../cards/i18n/t';
import type { Card, ChartSpec } from '../cards/model';
import { type PrepView, prepCard } from '../cards/prep-card';
import type { Account } from '../db/tables/accounts';
import { daysBetween } from '../domain/dates';
import type { Locale } from '../domain/locale';
import { periodsOf } from '../domain/metrics/period';
import { healthStory, usageFigures } from '../domain/prep/brief';
import { talkingPoints } from '../domain/prep/talking-points';
import { expansionPotential, isExpansionRule, upliftPct } from '../domain/rules';
import { getAccount } from '../store/accounts';
import { openExpansionAlertsOf } from '../store/opportunities';
import { prepData } from '../store/prep-data';
import { healthAnswer } from './account-health';
import { lookupAccount } from './account-lookup';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';
import { defaultLocale } from './languages';
import { planViewOf } from './plans';
import { userError } from './user-error';

/** How far back a brief looks: the last 90 days against the 90 before (a quarter's review). */
export const PREP_PERIOD = '90d' as const;

/** `/prep <account>`: the one-screen brief for a QBR or check-in, or the lookup's choices. */
export async function prepAnswer(
  ctx: AppContext,
  query: string,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'found') {
    return prepCard(await prepView(ctx, found.account, locale), locale);
  }
  const answer = await healthAnswer(ctx, query, locale);
  const hint =
    found.kind === 'ambiguous'
      ? t(locale, 'prep.ambiguous', { query })
      : t(locale, 'noMatch.text', { query });
  return {
    ...answer.card,
    blocks: [{ type: 'status', text: [{ text: hint }] }, ...answer.card.blocks],
  };
}

/** The brief of one account by id (the CLI after its own lookup, tests). */
export async function prepViewById(
  ctx: AppContext,
  accountId: number,
  locale: Locale = 'en',
): Promise<PrepView> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) throw userError('unknown_account', 'account.gone');
  return prepView(ctx, account, locale);
}

/** An expansion signal as the brief shows it: the alert's words and its estimated potential. */
export interface ExpansionSignal {
  text: string;
  /** ARR × the rule's uplift (settings), null without an ARR. */
  potential: number | null;
  /** The rule's share of ARR (settings), which the card words as how the potential is made. */
  upliftPct: number;
  status: string;
}

/**
 * The account's open expansion alerts (rules seats_high, premium_adopted, users_growth), newest
 * first, each with the potential its card shows; the talking points take the first.
 */
export async function expansionSignals(
  ctx: AppContext,
  account: Account,
  locale: Locale = 'en',
): Promise<ExpansionSignal[]> {
  const rules = ctx.config.settings.rules;
  return (await openExpansionAlertsOf(ctx.db, account.id)).flatMap((a) =>
    isExpansionRule(a.rule)
      ? [
          {
            text: alertSummary(locale, a.summary, a.summary_args),
            potential: expansionPotential(a.rule, account.arr, rules),
            upliftPct: upliftPct(a.rule, rules),
            status: a.status,
          },
        ]
      : [],
  );
}

/**
 * The brief's facts, with what the store keeps as codes (alert summaries, health drivers)
 * worded in `locale` here: the talking points quote them, so they must be worded before the
 * points are chosen. Older rows without codes keep their stored English.
 */
export async function prepView(
  ctx: AppContext,
  account: Account,
  locale: Locale = 'en',
): Promise<PrepView> {
  const today = todayOf(ctx);
  const periods = periodsOf(PREP_PERIOD, today);
  const [data, plan, expansion] = await Promise.all([
    prepData(ctx.db, account.id, periods.current, periods.previous),
    planViewOf(ctx, account),
    expansionSignals(ctx, account, locale),
  ]);
  const drivers = data.drivers.map((d) => (d.facts ? whyLine(locale, d.facts) : d.text));
  const story = healthStory(data.snapshots, data.before);
  const usage = usageFigures(data.usage.current, data.usage.previous);
  const renewal = account.renewal_date
    ? {
        date: account.renewal_date,
        daysLeft: daysBetween(today, account.renewal_date),
        arr: account.arr,
      }
    : null;
  const overdue = plan.milestones
    .filter((m) => (m.status === 'planned' || m.status === 'in_progress') && m.dueOn < today)
    .map((m) => ({ title: m.title, due: m.dueOn }));
  const oldestOpenDays = data.tickets.oldestOpenedAt
    ? Math.floor(
        (ctx.clock.now().getTime() - new Date(data.tickets.oldestOpenedAt).getTime()) / 86_400_000,
      )
    : null;
  const points = talkingPoints({
    today,
    band: story.now?.band ?? null,
    story,
    drivers,
    usage,
    renewal: renewal ? { date: renewal.date, arr: renewal.arr } : null,
    tickets: { urgent: data.tickets.urgent, high: data.tickets.high, oldestOpenDays },
    surveys: data.surveys,
    plan: { milestones: plan.milestones.length, overdue },
    expansion,
  });
  return {
    accountId: account.id,
    accountName: account.name,
    owner: account.owner_email,
    today,
    period: periods.current,
    previous: periods.previous,
    story,
    drivers,
    usage,
    featuresTotal: data.usage.current.featuresTotal,
    tickets: {
      open: data.tickets.open,
      urgent: data.tickets.urgent,
      high: data.tickets.high,
      top: data.tickets.top.map((t) => ({
        subject: t.subject,
        priority: t.priority,
        openedOn: new Date(t.openedAt).toISOString().slice(0, 10),
      })),
    },
    surveys: data.surveys,
    plan: { progress: plan.progress, goals: plan.goals.map((g) => g.outcome) },
    renewal,
    arr: account.arr,
    alerts: {
      total: data.alerts.total,
      top: data.alerts.top.map((a) => ({
        summary: alertSummary(locale, a.summary, a.summaryArgs),
        status: a.status,
      })),
    },
    expansion,
    talkingPoints: points,
    chart: trendChartOf(account),
  };
}

/**
 * The brief's picture: the account's 12-week score trend, the one /health draws (app/charts.ts).
 * Drawn after the answer: Slack uploads it beside the private answer, Teams inlines it while
 * the card stays under its size limit. The card's health line keeps the figures in words.
 */
function trendChartOf(account: Account): ChartSpec {
  return { kind: 'account', accountId: account.id, accountName: account.name };
}
