import { digestCard } from '../cards/digest-card';
import type { Card } from '../cards/model';
import type { ChannelSubscription } from '../db/tables/chat';
import type { NewMessage } from '../delivery/message';
import { type DigestAccount, selectDigest } from '../domain/digest';
import { latestDue, localParts } from '../domain/schedule';
import { describeFilters, matchesFilters, parseFilters } from '../domain/subscription-filter';
import { unacknowledgedAlerts } from '../store/alerts';
import {
  overdueFollowUps,
  type PortfolioRow,
  portfolioOn,
  snapshotsOn,
} from '../store/digest-data';
import { enqueue } from '../store/outbox';
import { markDigestsComposed, subscriptionsOfKind } from '../store/subscriptions';
import type { AppContext } from './context';
import { localDay } from './jobs-time';

export interface DigestRunSummary {
  subscriptions: number;
  digests: number;
  catchUps: number;
  messages: number;
}

interface DueDigest {
  sub: ChannelSubscription;
  slot: Date;
  catchUp: boolean;
}

/** Which subscriptions owe a digest at `now`, and for which slot. */
export function dueDigests(subs: ChannelSubscription[], now: Date, catchUpMs: number): DueDigest[] {
  const out: DueDigest[] = [];
  for (const sub of subs) {
    if (sub.paused_until && sub.paused_until > now) continue;
    if (sub.catch_up_pending) {
      out.push({ sub, slot: now, catchUp: true });
      continue;
    }
    const slot = latestDue(
      { at: sub.at_time, timeZone: sub.timezone, weekdaysOnly: sub.weekdays_only },
      now,
    );
    if (!slot || now.getTime() - slot.getTime() > catchUpMs) continue;
    if (sub.last_sent_at && sub.last_sent_at >= slot) continue;
    out.push({ sub, slot, catchUp: false });
  }
  return out;
}

/**
 * The digest job (every minute): each subscription whose local time has come (DST-correct,
 * weekdays only unless told otherwise) and that has not had that slot gets one digest. The
 * portfolio, alerts and follow-ups are loaded once and filtered per subscription in memory;
 * the digests are enqueued and the subscriptions marked in one transaction.
 */
export async function runDigestJob(ctx: AppContext, _slot?: Date): Promise<DigestRunSummary> {
  const now = ctx.clock.now();
  const catchUpMs = Math.max(5 * 60_000, ctx.config.settings.jobs.catchUpHours * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    const subs = await subscriptionsOfKind(trx, 'digest');
    const due = dueDigests(subs, now, catchUpMs);
    if (due.length === 0)
      return { subscriptions: subs.length, digests: 0, catchUps: 0, messages: 0 };
    const today = localDay(ctx, now);
    const sinceOf = (d: DueDigest) =>
      d.sub.last_sent_at ? localParts(d.sub.last_sent_at, d.sub.timezone).day : null;
    const [portfolio, alerts, overdue, earlier] = await Promise.all([
      portfolioOn(trx, today),
      unacknowledgedAlerts(trx, now),
      overdueFollowUps(trx, today),
      snapshotsOn(trx, [...new Set(due.map(sinceOf).filter((d): d is string => d !== null))]),
    ]);
    const names = new Map(portfolio.map((a) => [a.id, a.name]));
    const indexOf = new Map(portfolio.map((a, i) => [a.id, i]));
    // The portfolio as digest rows, once per "since" day rather than once per subscription.
    const rowsSince = new Map<string | null, DigestAccount[]>();
    const rowsFor = (since: string | null) => {
      let rows = rowsSince.get(since);
      if (!rows) {
        const before = since ? earlier.get(since) : undefined;
        rows = portfolio.map((a) => ({
          id: a.id,
          name: a.name,
          arr: a.arr,
          owner: a.owner_email,
          renewalDate: a.renewal_date,
          score: a.score,
          band: a.band,
          prevScore: before?.get(a.id)?.score ?? null,
          prevBand: before?.get(a.id)?.band ?? null,
        }));
        rowsSince.set(since, rows);
      }
      return rows;
    };
    // Channels often share a scope (a segment, a tier): the same digest is composed once.
    const cards = new Map<string, Card>();
    const messages: NewMessage[] = [];
    for (const d of due) {
      const filters = parseFilters(d.sub.filters);
      const since = sinceOf(d);
      const day = localParts(d.slot, d.sub.timezone).day;
      const memo = JSON.stringify([filters, since, day, d.catchUp]);
      let card = cards.get(memo);
      if (!card) {
        const all = rowsFor(since);
        // A mask over the portfolio rather than a Set of ids: cheap for 20,000 accounts.
        const mask = new Uint8Array(portfolio.length);
        const accounts: DigestAccount[] = [];
        for (let i = 0; i < portfolio.length; i++) {
          if (!matchesFilters(portfolio[i] as PortfolioRow, filters)) continue;
          mask[i] = 1;
          accounts.push(all[i] as DigestAccount);
        }
        const inScope = (accountId: number) => mask[indexOf.get(accountId) ?? -1] === 1;
        const digest = selectDigest({
          today: day,
          since,
          accounts,
          alerts: alerts
            .filter((x) => inScope(x.account_id))
            .map((x) => ({
              accountName: names.get(x.account_id) ?? '',
              summary: x.summary,
              severity: x.severity,
              firedAt: x.fired_at,
            })),
          followUps: overdue
            .filter((f) => inScope(f.account_id))
            .map((f) => ({
              accountName: names.get(f.account_id) ?? '',
              title: f.title,
              dueOn: f.due_on,
              owner: f.owner_email,
            })),
        });
        card = digestCard({
          digest,
          scope: describeFilters(filters),
          accounts: accounts.length,
          today: day,
          since,
          catchUp: d.catchUp,
        });
        cards.set(memo, card);
      }
      messages.push({
        platform: d.sub.platform,
        channelId: d.sub.channel_id,
        dedupeKey: `digest:${d.sub.id}:${d.catchUp ? 'catchup:' : ''}${d.slot.toISOString()}`,
        payload: { op: 'post', kind: 'digest', card },
      });
    }
    const added = await enqueue(trx, messages, now);
    await markDigestsComposed(
      trx,
      due.map((d) => ({ id: d.sub.id, slot: d.slot })),
    );
    return {
      subscriptions: subs.length,
      digests: due.length,
      catchUps: due.filter((d) => d.catchUp).length,
      messages: added,
    };
  });
}
