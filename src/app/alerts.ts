import { sql } from 'kysely';
import { type AlertCardView, alertCard } from '../cards/alert-card';
import type { Card } from '../cards/model';
import type { Db } from '../db/schema';
import type { Alert } from '../db/tables/alerts';
import { addDays } from '../domain/dates';
import { evaluateRules, type RuleFacts } from '../domain/rules';
import { getAccount } from '../store/accounts';
import { insertAlerts, latestAlerts, type NewAlert, touchAlerts } from '../store/alerts';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { lockAlertFiring } from '../store/rule-checks';
import { loadRuleFacts } from '../store/rule-facts';
import { type AppContext, localDay } from './context';
import { type TargetAccount, targetResolver } from './delivery-targets';
import { recomputeHealth } from './health-recompute';

export interface RiskRunSummary {
  day: string;
  accounts: number;
  findings: number;
  fired: number;
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
  const facts = await loadRuleFacts(ctx.db, day, ctx.config.settings.rules.score_drop.days);
  return ctx.db.transaction().execute(async (trx) => {
    await lockAlertFiring(trx);
    const fired = await fireFindings(ctx, trx, facts, day);
    return { day, accounts: facts.length, ...fired };
  });
}

export interface FiringSummary {
  findings: number;
  fired: number;
  continuing: number;
  messages: number;
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
  const latest = await latestAlerts(trx, accountIds);
  const seen: number[] = [];
  const fresh: NewAlert[] = [];
  let findings = 0;
  for (const f of facts) {
    for (const finding of evaluateRules(f, rules)) {
      findings++;
      const last = latest.get(`${f.accountId}:${finding.rule}`);
      if (last && continues(last, finding.conditionKey, day)) seen.push(last.id);
      else fresh.push({ accountId: f.accountId, finding });
    }
  }
  await touchAlerts(trx, seen, day);
  const created = await insertAlerts(trx, fresh, day, now);
  const messages = await alertPosts(ctx, trx, created);
  await enqueue(trx, messages, now);
  return { findings, fired: created.length, continuing: seen.length, messages: messages.length };
}

function continues(
  last: { status: string; condition_key: string | null; last_seen_on: string | null },
  conditionKey: string,
  day: string,
): boolean {
  if (last.status !== 'resolved') return true;
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
  const targets = await targetResolver(db, 'alerts', ctx.clock.now());
  const out: NewMessage<Card>[] = [];
  for (const alert of alerts) {
    const account = byId.get(alert.account_id);
    if (!account) continue;
    const card = alertCard(cardView(ctx, alert, account, {}));
    for (const t of targets(account)) {
      out.push({
        ...t,
        dedupeKey: `${alertKey(alert.id)}post:${t.platform}:${t.channelId}`,
        payload: { op: 'post', kind: 'alert', card },
        accountId: alert.account_id,
        alertId: alert.id,
      });
    }
  }
  return out;
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
  extra: Partial<Pick<AlertCardView, 'lastAction' | 'escalated'>>,
): AlertCardView {
  return {
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
    ...extra,
  };
}

/** The card of one alert as it stands (for the CLI, App Home, a re-render). */
export async function alertCardFor(ctx: AppContext, alert: Alert) {
  const account = await getAccount(ctx.db, alert.account_id);
  if (!account) return null;
  return alertCard(cardView(ctx, alert, account, {}));
}
