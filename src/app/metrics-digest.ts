import type { Card } from '../cards/model';
import { statsCard } from '../cards/stats-card';
import type { PeriodName } from '../domain/metrics';
import { type JobMode, localParts } from '../domain/schedule';
import { parseFilters } from '../domain/subscription-filter';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { markDigestsComposed, subscriptionsOfKind } from '../store/subscriptions';
import type { AppContext } from './context';
import { localDay } from './context';
import { dueDigests, zoneOf } from './digests';
import { channelLocales } from './languages';
import { teamMetrics } from './team-metrics';

/** A weekly card covers the last 7 days against the 7 before (a daily one too: a week moves). */
const DIGEST_PERIOD: PeriodName = '7d';

export interface MetricsDigestSummary {
  subscriptions: number;
  digests: number;
  messages: number;
}

/**
 * The metrics digest (`/cs subscribe metrics`), on the digest job's minute: each metrics
 * subscription whose local slot has come (weekly on its day, Monday unless told; DST-correct,
 * as the daily digests) gets the team metrics card for its filters. The figures are read
 * first; the cards are enqueued and the slots marked in one transaction, and the outbox keeps
 * one message per subscription and slot, so overlapping runs post a week once.
 */
export async function runMetricsDigestJob(
  ctx: AppContext,
  mode: JobMode = 'scheduled',
): Promise<MetricsDigestSummary> {
  const now = ctx.clock.now();
  const catchUpMs = Math.max(5 * 60_000, ctx.config.settings.jobs.catchUpHours * 3_600_000);
  const subs = await subscriptionsOfKind(ctx.db, 'metrics');
  const due = dueDigests(subs, now, catchUpMs, ctx.config.settings.timezone, mode === 'manual');
  if (due.length === 0) return { subscriptions: subs.length, digests: 0, messages: 0 };
  // Channels often share their filters: one card per distinct scope.
  const cards = new Map<string, Card>();
  const localeOf = await channelLocales(ctx);
  const messages: NewMessage<Card>[] = [];
  for (const d of due) {
    const filters = parseFilters(d.sub.filters);
    const locale = localeOf(d.sub.platform, d.sub.channel_id);
    const memo = `${locale}\n${JSON.stringify(filters)}`;
    let card = cards.get(memo);
    if (!card) {
      const metrics = await teamMetrics(ctx, { kind: 'team', filters }, DIGEST_PERIOD);
      card = statsCard({ metrics, who: { kind: 'team' }, today: localDay(ctx, now), locale });
      cards.set(memo, card);
    }
    const day = localParts(d.slot, zoneOf(ctx, d.sub)).day;
    messages.push({
      platform: d.sub.platform,
      channelId: d.sub.channel_id,
      dedupeKey: d.catchUp
        ? `metrics:${d.sub.id}:catchup:${day}`
        : `metrics:${d.sub.id}:${d.manual ? 'manual:' : ''}${d.slot.toISOString()}`,
      payload: { op: 'post', kind: 'metrics', card },
    });
  }
  const added = await ctx.db.transaction().execute(async (trx) => {
    const n = await enqueue(trx, messages, now);
    await markDigestsComposed(
      trx,
      due.map((d) => ({ id: d.sub.id, slot: d.slot })),
    );
    return n;
  });
  return { subscriptions: subs.length, digests: due.length, messages: added };
}
