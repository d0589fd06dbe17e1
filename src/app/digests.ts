import { digestCard } from '../cards/digest-card';
import type { ChannelSubscription } from '../db/tables/chat';
import type { NewMessage } from '../delivery/message';
import { type DigestAccount, selectDigest } from '../domain/digest';
import { latestDue, localParts } from '../domain/schedule';
import { describeFilters, matchesFilters, parseFilters } from '../domain/subscription-filter';
import { unacknowledgedAlerts } from '../store/alerts';
import { overdueFollowUps, portfolioOn, snapshotsOn } from '../store/digest-data';
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
    const messages: NewMessage[] = [];
    for (const d of due) {
      const filters = parseFilters(d.sub.filters);
      const since = sinceOf(d);
      const before = since ? earlier.get(since) : undefined;
      const accounts: DigestAccount[] = [];
      const names = new Map<number, string>();
      for (const a of portfolio) {
        if (!matchesFilters(a, filters)) continue;
        const prev = before?.get(a.id);
        names.set(a.id, a.name);
        accounts.push({
          id: a.id,
          name: a.name,
          arr: a.arr,
          owner: a.owner_email,
          renewalDate: a.renewal_date,
          score: a.score,
          band: a.band,
          prevScore: prev?.score ?? null,
          prevBand: prev?.band ?? null,
        });
      }
      const day = localParts(d.slot, d.sub.timezone).day;
      const digest = selectDigest({
        today: day,
        since,
        accounts,
        alerts: alerts.flatMap((x) => {
          const name = names.get(x.account_id);
          return name
            ? [{ accountName: name, summary: x.summary, severity: x.severity, firedAt: x.fired_at }]
            : [];
        }),
        followUps: overdue.flatMap((f) => {
          const name = names.get(f.account_id);
          return name
            ? [{ accountName: name, title: f.title, dueOn: f.due_on, owner: f.owner_email }]
            : [];
        }),
      });
      const card = digestCard({
        digest,
        scope: describeFilters(filters),
        accounts: accounts.length,
        today: day,
        since,
        catchUp: d.catchUp,
      });
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
