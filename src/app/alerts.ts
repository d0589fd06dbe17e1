import { sql } from 'kysely';
import { type AlertCardView, alertCard } from '../cards/alert-card';
import { alertSummary } from '../cards/alert-summary';
import { alertSummaryCard, type SummarizedAlert } from '../cards/alert-summary-card';
import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import type { Db } from '../db/schema';
import type { Alert } from '../db/tables/alerts';
import type { Platform } from '../db/tables/chat';
import { addDays } from '../domain/dates';
import type { Locale } from '../domain/locale';
import {
  evaluateRules,
  expansionPotential,
  type Finding,
  inCooldown,
  isExpansionRule,
  leadFirst,
  planEpisodes,
  type RuleFacts,
  type RuleName,
  rulesAt,
  SENSITIVITIES,
  sensitivityOf,
  upliftPct,
} from '../domain/rules';
import { getAccount } from '../store/accounts';
import { accountTiers, alertPostsSince } from '../store/alert-budget';
import {
  alignWithLeads,
  type EpisodeSignal,
  episodeSignals,
  insertAlerts,
  latestAlerts,
  type NewAlert,
  openLeads,
  reopenableLeads,
  reopenLead,
  touchAlerts,
} from '../store/alerts';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { holdAwayAlerts } from '../store/routing';
import { lockAlertFiring } from '../store/rule-checks';
import { type ExpansionFactOptions, loadRuleFacts } from '../store/rule-facts';
import { replyInThread, rewritePosts } from './alert-thread';
import { awayUntilOf, type HeldAlert } from './away';
import { checkInsDue } from './check-ins';
import { type AppContext, localDay } from './context';
import { type Target, type TargetAccount, targetResolver } from './delivery-targets';
import { recomputeHealth } from './health-recompute';
import { channelLocales } from './languages';
import { startForAlerts } from './playbooks';

export interface RiskRunSummary {
  day: string;
  accounts: number;
  findings: number;
  /** New alerts: leads (one card each) and signals that joined an episode. */
  fired: number;
  /** Of those, signals that joined an episode instead of posting a card. */
  joined: number;
  /** Episodes resolved a short while ago that a new finding opened again (no new card). */
  reopened: number;
  continuing: number;
  messages: number;
}

/** The dedupe key prefix of every message about an alert, so updates can find the posts. */
export const alertKey = (alertId: number) => `alert:${alertId}:`;

/**
 * The risk job: scores today (health recompute), runs the eight rules over every account,
 * opens an alert per new finding and enqueues its card. A finding that continues an existing
 * alert (open, or resolved while the same condition never went away) only marks it seen.
 */
export async function runRiskJob(
  ctx: AppContext,
  options: { recompute?: boolean } = {},
): Promise<RiskRunSummary> {
  const now = ctx.clock.now();
  const day = localDay(ctx, now);
  if (options.recompute !== false) await recomputeHealth(ctx, { day });
  const facts = await withCheckIns(
    ctx,
    now,
    await loadRuleFacts(
      ctx.db,
      day,
      ctx.config.settings.rules.score_drop.days,
      undefined,
      expansionFactOptions(ctx),
    ),
  );
  return ctx.db.transaction().execute(async (trx) => {
    await lockAlertFiring(trx);
    const fired = await fireFindings(ctx, trx, facts, day);
    return { day, accounts: facts.length, ...fired };
  });
}

/**
 * touch_overdue (off by default) reads the accounts past their touch cadence: one set-based
 * check for every account, only in the hourly run (the fresh checks after an ingest are about
 * data, and a touch is not data).
 */
async function withCheckIns(ctx: AppContext, now: Date, facts: RuleFacts[]): Promise<RuleFacts[]> {
  if (!ctx.config.settings.rules.touch_overdue.enabled) return facts;
  const due = new Map((await checkInsDue(ctx, now)).map((d) => [d.accountId, d]));
  return facts.map((f) => {
    const d = due.get(f.accountId);
    return d
      ? {
          ...f,
          checkIn: {
            cadenceDays: d.cadenceDays,
            lastTouchOn: d.lastTouchAt ? localDay(ctx, d.lastTouchAt) : null,
            overdueDays: d.overdueDays,
          },
        }
      : f;
  });
}

/** What the expansion rules need loaded with the facts. */
export function expansionFactOptions(ctx: AppContext): ExpansionFactOptions {
  return {
    seatDays: ctx.config.settings.rules.seats_high.days,
    premiumFeatures: ctx.config.settings.expansion.premiumFeatures,
  };
}

export interface FiringSummary {
  findings: number;
  /** New alerts: episode leads and the signals that joined an open episode. */
  fired: number;
  joined: number;
  reopened: number;
  continuing: number;
  messages: number;
  /** Playbooks the new alerts started. */
  playbooks: number;
}

/**
 * Turns rule facts into alerts and their posts, in the caller's transaction, which must hold
 * lockAlertFiring: the hourly risk job (every account) and the fresh checks after ingestion
 * (`accountIds`, the accounts of `facts`) share it, so a finding opens one alert whoever sees
 * it first; the other sees the alert and counts the finding as continuing.
 */
export async function fireFindings(
  ctx: AppContext,
  trx: Db,
  facts: readonly RuleFacts[],
  day: string,
  accountIds?: readonly number[],
): Promise<FiringSummary> {
  const now = ctx.clock.now();
  const rules = ctx.config.settings.rules;
  const { sensitivity } = ctx.config.settings.alerts;
  const tiers = Object.keys(sensitivity).length > 0 ? await accountTiers(trx) : new Map();
  const presets = new Map(SENSITIVITIES.map((s) => [s, rulesAt(rules, s)] as const));
  const latest = await latestAlerts(trx, accountIds);
  const seen: number[] = [];
  const fresh: NewAlert[] = [];
  let findings = 0;
  for (const f of facts) {
    const at = presets.get(sensitivityOf(tiers.get(f.accountId) ?? null, sensitivity)) ?? rules;
    for (const finding of evaluateRules(f, at)) {
      findings++;
      const last = latest.get(`${f.accountId}:${finding.rule}`);
      const cooldown = rules[finding.rule as RuleName].cooldownHours;
      if (last && continues(last, finding.conditionKey, day, cooldown, now)) seen.push(last.id);
      else fresh.push({ accountId: f.accountId, finding });
    }
  }
  await touchAlerts(trx, seen, day);
  const { groupEpisodes: grouped, reopenWithinDays } = ctx.config.settings.alerts;
  // Expansion signals are never part of a risk episode: each is a card of its own.
  const growth = fresh.filter((f) => isExpansionRule(f.finding.rule));
  const risks = fresh.filter((f) => !isExpansionRule(f.finding.rule));
  const touched = [...new Set(risks.map((f) => f.accountId))];
  const open = grouped ? await openLeads(trx, touched) : new Map<number, number>();
  // An account whose last episode closed a short while ago: that card opens again.
  const reopenable =
    grouped && reopenWithinDays > 0
      ? await reopenableLeads(
          trx,
          touched.filter((id) => !open.has(id)),
          new Date(now.getTime() - reopenWithinDays * 86_400_000),
        )
      : new Map<number, Alert>();
  for (const [accountId, lead] of reopenable) open.set(accountId, lead.id);
  const episodes = grouped ? planEpisodes(risks, open) : { leads: risks, joins: [] };
  const plan = { leads: [...episodes.leads, ...growth], joins: episodes.joins };
  const leads = await insertAlerts(trx, plan.leads, day, now);
  const leadOf = new Map(leads.map((a) => [`${a.account_id}:${a.rule}`, a.id]));
  const joining: NewAlert[] = [];
  const reopening = new Map<number, { lead: Alert; own: Finding | null; lines: Finding[] }>();
  for (const r of reopenable.values()) reopening.set(r.id, { lead: r, own: null, lines: [] });
  for (const j of plan.joins) {
    const id =
      j.leadId ?? (j.leadOf && leadOf.get(`${j.leadOf.accountId}:${j.leadOf.finding.rule}`));
    if (!id) continue;
    const again = reopening.get(id);
    if (again) again.lines.push(j.item.finding);
    // The lead's own rule firing again is the lead itself, re-opened with the new summary.
    if (again && again.lead.rule === j.item.finding.rule) again.own = j.item.finding;
    else joining.push({ ...j.item, episodeOf: id });
  }
  const reopened: Alert[] = [];
  for (const r of reopening.values()) {
    if (r.lines.length > 0) reopened.push(await reopenLead(trx, r.lead.id, r.own, day, now));
  }
  const joined = await insertAlerts(trx, joining, day, now);
  await alignWithLeads(
    trx,
    joined.map((a) => a.id),
  );
  const posts = await alertPosts(ctx, trx, leads);
  await enqueue(trx, posts, now);
  // Every new alert (a lead or a signal that joined one) starts its rule's playbooks.
  const plays = await startForAlerts(ctx, trx, [...leads, ...joined]);
  // Updates and thread replies of cards already out, enqueued as they are made.
  const told =
    (await signalsJoined(ctx, trx, joined, new Set([...leads, ...reopened].map((l) => l.id)))) +
    (await reopenedCards(ctx, trx, reopened, reopening, now));
  return {
    findings,
    fired: leads.length + joined.length,
    joined: joined.length,
    reopened: reopened.length,
    continuing: seen.length,
    messages: posts.length + told + plays.messages,
    playbooks: plays.started,
  };
}

function continues(
  last: {
    status: string;
    condition_key: string | null;
    last_seen_on: string | null;
    resolved_at: Date | null;
  },
  conditionKey: string,
  day: string,
  cooldownHours: number,
  now: Date,
): boolean {
  if (last.status !== 'resolved') return true;
  // Resolved a short while ago: the rule's cooldown keeps it quiet whatever came back.
  if (inCooldown(last.resolved_at, cooldownHours, now)) return true;
  // Resolved: fire again only if the condition went away in between or is a new one.
  return (
    last.condition_key === conditionKey &&
    last.last_seen_on !== null &&
    last.last_seen_on >= addDays(day, -1)
  );
}

async function alertPosts(ctx: AppContext, db: Db, alerts: Alert[]): Promise<NewMessage<Card>[]> {
  if (alerts.length === 0) return [];
  const ids = [...new Set(alerts.map((a) => a.account_id))];
  const { rows: accounts } = await sql<
    TargetAccount & { name: string; renewal_date: string | null }
  >`
    select id, name, segment, tier, owner_email, arr, slack_channel, teams_channel, renewal_date
    from accounts where id = any(${ids}::bigint[])`.execute(db);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const now = ctx.clock.now();
  const targets = await targetResolver(db, 'alerts', now, ctx.config.settings.teams);
  const localeOf = await channelLocales({ ...ctx, db });
  const signals = await episodeSignals(
    db,
    alerts.map((a) => a.id),
  );
  // The most important first, so the hourly budget spends its cards on them.
  const ordered = [...alerts].sort(
    (a, b) =>
      leadFirst(a, b) ||
      (byId.get(b.account_id)?.arr ?? 0) - (byId.get(a.account_id)?.arr ?? 0) ||
      a.id - b.id,
  );
  const { maxPostsPerHour } = ctx.config.settings.alerts;
  const spent = await alertPostsSince(db, new Date(now.getTime() - 3_600_000));
  const over = new Map<string, { target: Target; alerts: SummarizedAlert[] }>();
  const out: NewMessage<Card>[] = [];
  const held: HeldAlert[] = [];
  for (const alert of ordered) {
    const account = byId.get(alert.account_id);
    if (!account) continue;
    const cards = new Map<Locale, Card>();
    const cardIn = (locale: Locale): Card => {
      let card = cards.get(locale);
      if (!card) {
        card = alertCard(cardView(ctx, alert, account, { signals: signals.get(alert.id), locale }));
        cards.set(locale, card);
      }
      return card;
    };
    for (const t of targets(account, { rule: alert.rule })) {
      // A person away (quiet hours, outside working hours) gets it in one catch-up later.
      const awayUntil = t.person ? awayUntilOf(ctx, t.person, now) : null;
      if (awayUntil) {
        held.push({
          platform: t.platform as Platform,
          userId: t.channelId,
          alertId: alert.id,
          awayUntil,
        });
        continue;
      }
      const key = `${t.platform}\n${t.channelId}`;
      const used = spent.get(key) ?? 0;
      if (used >= maxPostsPerHour) {
        const o = over.get(key) ?? { target: t, alerts: [] };
        o.alerts.push({
          accountId: account.id,
          accountName: account.name,
          severity: alert.severity,
          summary: alertSummary(
            localeOf(t.platform, t.channelId),
            alert.summary,
            alert.summary_args,
          ),
        });
        over.set(key, o);
        continue;
      }
      spent.set(key, used + 1);
      out.push({
        platform: t.platform,
        channelId: t.channelId,
        dedupeKey: `${alertKey(alert.id)}post:${t.platform}:${t.channelId}`,
        payload: { op: 'post', kind: 'alert', card: cardIn(localeOf(t.platform, t.channelId)) },
        accountId: alert.account_id,
        alertId: alert.id,
      });
    }
  }
  await holdAwayAlerts(db, held, now);
  // Past the budget: one "N more alerts" card per channel and run, listing each.
  for (const { target, alerts: rest } of over.values()) {
    out.push({
      platform: target.platform,
      channelId: target.channelId,
      dedupeKey: `alerts-summary:${target.platform}:${target.channelId}:${now.toISOString()}`,
      payload: {
        op: 'post',
        kind: 'alert-summary',
        card: alertSummaryCard(rest, maxPostsPerHour, localeOf(target.platform, target.channelId)),
      },
    });
  }
  return out;
}

/**
 * Re-opened episodes: each card is rewritten (open again, its signals listed) and its thread
 * says why, one line per finding that re-opened it.
 */
async function reopenedCards(
  ctx: AppContext,
  db: Db,
  reopened: Alert[],
  why: Map<number, { lines: Finding[] }>,
  now: Date,
): Promise<number> {
  const signals = await episodeSignals(
    db,
    reopened.map((a) => a.id),
  );
  const { escalateAfterHours } = ctx.config.settings.alerts;
  let count = 0;
  for (const lead of reopened) {
    const account = await getAccount(db, lead.account_id);
    if (!account) continue;
    // The card's own words (its language is settled per post below).
    const lastAction = (l: Locale) => t(l, 'thread.reopenedSignal');
    count += await rewritePosts(
      db,
      lead,
      (escalated, locale) =>
        alertCard(
          cardView(ctx, lead, account, {
            locale,
            signals: signals.get(lead.id),
            lastAction: lastAction(locale ?? ctx.config.settings.language),
            ...(escalated ? { escalated: { afterHours: escalateAfterHours } } : {}),
          }),
        ),
      `reopen:${now.toISOString()}`,
      now,
    );
    const lines = why.get(lead.id)?.lines ?? [];
    const words = (locale: Locale) =>
      lines.map((f) => alertSummary(locale, f.summary, f.args)).join('; ');
    count += await replyInThread(
      db,
      lead,
      [
        {
          text: (l) => t(l, 'thread.reopened', { lines: words(l) }),
          tag: `reopen:${now.toISOString()}`,
          mode: 'now',
        },
      ],
      now,
      ctx.config.settings.language,
    );
  }
  return count;
}

/**
 * Signals that joined an episode already on a card: the card is rewritten with them listed
 * ("+N more signals") and its thread gets one line per new signal. Signals that joined a lead
 * of this same run are on its first card already.
 */
async function signalsJoined(
  ctx: AppContext,
  db: Db,
  joined: Alert[],
  newLeads: Set<number>,
): Promise<number> {
  const byLead = new Map<number, Alert[]>();
  for (const a of joined) {
    if (a.episode_of === null || newLeads.has(a.episode_of)) continue;
    byLead.set(a.episode_of, [...(byLead.get(a.episode_of) ?? []), a]);
  }
  if (byLead.size === 0) return 0;
  const leadIds = [...byLead.keys()];
  const leads = await db.selectFrom('alerts').selectAll().where('id', 'in', leadIds).execute();
  const signals = await episodeSignals(db, leadIds);
  const now = ctx.clock.now();
  const { escalateAfterHours } = ctx.config.settings.alerts;
  let count = 0;
  for (const lead of leads) {
    const account = await getAccount(db, lead.account_id);
    const added = byLead.get(lead.id) ?? [];
    if (!account || added.length === 0) continue;
    const tag = `signal:${added.map((a) => a.id).join('+')}`;
    count += await rewritePosts(
      db,
      lead,
      (escalated, locale) =>
        alertCard(
          cardView(ctx, lead, account, {
            locale,
            signals: signals.get(lead.id),
            ...(escalated ? { escalated: { afterHours: escalateAfterHours } } : {}),
          }),
        ),
      tag,
      now,
    );
    count += await replyInThread(
      db,
      lead,
      added.map((a) => ({
        text: (l: Locale) =>
          t(l, 'thread.newSignal', { summary: alertSummary(l, a.summary, a.summary_args) }),
        tag: `signal:${a.id}`,
        mode: 'now' as const,
      })),
      now,
      ctx.config.settings.language,
    );
  }
  return count;
}

export function cardView(
  ctx: AppContext,
  alert: Alert,
  account: {
    name: string;
    owner_email: string | null;
    arr: number | null;
    renewal_date: string | null;
  },
  extra: Partial<Pick<AlertCardView, 'lastAction' | 'escalated'>> & {
    signals?: EpisodeSignal[] | undefined;
    /** The channel's language; absent: the settings' default. */
    locale?: Locale | undefined;
  },
): AlertCardView {
  const { signals, locale, ...rest } = extra;
  return {
    locale: locale ?? ctx.config.settings.language,
    alert,
    account: {
      name: account.name,
      owner: account.owner_email,
      arr: account.arr,
      renewalDate: account.renewal_date,
    },
    people: {
      ...(alert.acknowledged_by ? { acknowledgedBy: alert.acknowledged_by } : {}),
      ...(alert.resolved_by ? { resolvedBy: alert.resolved_by } : {}),
      ...(alert.assignee ? { assignee: alert.assignee } : {}),
    },
    timeZone: ctx.config.settings.timezone,
    now: ctx.clock.now(),
    ...(isExpansionRule(alert.rule)
      ? {
          expansion: {
            potential: expansionPotential(alert.rule, account.arr, ctx.config.settings.rules),
            upliftPct: upliftPct(alert.rule, ctx.config.settings.rules),
          },
        }
      : {}),
    ...(alert.snooze_reason ? { snoozeReason: alert.snooze_reason } : {}),
    ...rest,
    ...(signals && signals.length > 0 ? { signals } : {}),
  };
}

/** The card of one alert as it stands (for the CLI, App Home, a re-render). */
export async function alertCardFor(ctx: AppContext, alert: Alert) {
  const account = await getAccount(ctx.db, alert.account_id);
  if (!account) return null;
  const signals = await episodeSignals(ctx.db, [alert.id]);
  return alertCard(cardView(ctx, alert, account, { signals: signals.get(alert.id) }));
}
