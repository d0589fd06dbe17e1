import { digestCard } from '../cards/digest-card';
import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import type { ChannelSubscription } from '../db/tables/chat';
import { type RankedDigest, rankDigest, selectScoped } from '../domain/digest';
import { MAX_MESSAGE_BLOCKS } from '../domain/digest-model';
import type { Locale } from '../domain/locale';
import { isExpansionRule, totalPotential } from '../domain/rules';
import { type JobMode, latestDue, localParts } from '../domain/schedule';
import {
  describeFilters,
  filterIndex,
  parseFilters,
  type SubscriptionFilters,
} from '../domain/subscription-filter';
import { unacknowledgedAlerts } from '../store/alerts';
import { overdueFollowUps, portfolioOn, snapshotsOn } from '../store/digest-data';
import { openExpansionSignals } from '../store/opportunities';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { markDigestsComposed, subscriptionsOfKind } from '../store/subscriptions';
import { checkInsDue } from './check-ins';
import { type AppContext, localDay } from './context';
import { channelLocales } from './languages';

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
  manual?: boolean;
}

/**
 * Which subscriptions owe a digest at `now`, and for which slot. Run by hand, every channel
 * that is not paused gets one now, whatever its local time.
 */
export function dueDigests(
  subs: ChannelSubscription[],
  now: Date,
  catchUpMs: number,
  teamZone = 'UTC',
  manual = false,
): DueDigest[] {
  const out: DueDigest[] = [];
  for (const sub of subs) {
    if (sub.paused_until && sub.paused_until > now) continue;
    if (manual) {
      out.push({ sub, slot: now, catchUp: false, manual: true });
      continue;
    }
    if (sub.catch_up_pending) {
      out.push({ sub, slot: now, catchUp: true });
      continue;
    }
    const slot = latestDue(
      {
        at: sub.at_time,
        timeZone: sub.timezone || teamZone,
        weekdaysOnly: sub.weekdays_only,
        weekday: sub.weekday,
      },
      now,
    );
    if (!slot || now.getTime() - slot.getTime() > catchUpMs) continue;
    if (sub.last_sent_at && sub.last_sent_at >= slot) continue;
    out.push({ sub, slot, catchUp: false });
  }
  return out;
}

/** A subscription's zone: its own, or the team's (settings.timezone) when it has none. */
export function zoneOf(ctx: AppContext, sub: ChannelSubscription): string {
  return sub.timezone || ctx.config.settings.timezone;
}

/**
 * The digest job (every minute): each subscription whose local time has come (DST-correct,
 * weekdays only unless told otherwise) and that has not had that slot gets one digest. One
 * zone per digest, the subscription's: its "today" (which snapshots, which follow-ups are
 * overdue, the date on the card) is its own local day, not the team's. The portfolio,
 * alerts and follow-ups are loaded once per distinct local day (set-based), each section is
 * ranked once per (since, day), and each subscription's scope then picks its rows from the
 * ranked lists; the digests are enqueued and the subscriptions marked in one transaction.
 */
export async function runDigestJob(
  ctx: AppContext,
  _slot?: Date,
  mode: JobMode = 'scheduled',
): Promise<DigestRunSummary> {
  const now = ctx.clock.now();
  const catchUpMs = Math.max(5 * 60_000, ctx.config.settings.jobs.catchUpHours * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    const subs = await subscriptionsOfKind(trx, 'digest');
    const due = dueDigests(subs, now, catchUpMs, ctx.config.settings.timezone, mode === 'manual');
    if (due.length === 0)
      return { subscriptions: subs.length, digests: 0, catchUps: 0, messages: 0 };
    // Local days are asked for several times per subscription but take few (instant, zone) pairs.
    const days = new Map<string, string>();
    const dayOf = (at: Date, timeZone: string) => {
      const key = `${at.getTime()}|${timeZone}`;
      let day = days.get(key);
      if (day === undefined) {
        day = localParts(at, timeZone).day;
        days.set(key, day);
      }
      return day;
    };
    const sinceOf = (d: DueDigest) =>
      d.sub.last_sent_at ? dayOf(d.sub.last_sent_at, zoneOf(ctx, d.sub)) : null;
    const todayOf = (d: DueDigest) => dayOf(d.slot, zoneOf(ctx, d.sub));
    const localDays = [...new Set(due.map(todayOf))];
    const [alerts, checkIns, growth, earlier, ...bases] = await Promise.all([
      unacknowledgedAlerts(trx, now),
      checkInsDue(ctx, now, { db: trx }),
      openExpansionSignals(trx),
      snapshotsOn(trx, [...new Set(due.map(sinceOf).filter((d): d is string => d !== null))]),
      ...localDays.map((day) =>
        Promise.all([portfolioOn(trx, day), overdueFollowUps(trx, day)] as const),
      ),
    ]);
    const dueRows = checkIns.map((c) => ({
      accountId: c.accountId,
      owner: c.owner,
      cadenceDays: c.cadenceDays,
      lastTouchOn: c.lastTouchAt ? localDay(ctx, c.lastTouchAt) : null,
      overdueDays: c.overdueDays,
    }));
    const basisBy = new Map(
      localDays.map((day, i) => {
        const [portfolio, overdue] = bases[i] as Awaited<(typeof bases)[number]>;
        const potentials = totalPotential(
          growth.flatMap((g) => (isExpansionRule(g.rule) ? [{ ...g, rule: g.rule }] : [])),
          ctx.config.settings.rules,
        ).byAccount;
        return [
          day,
          digestBasis(portfolio, alerts, overdue, earlier, potentials, dueRows),
        ] as const;
      }),
    );
    // Channels often share a scope (a segment, a tier): the same digest is composed once.
    const cards = new Map<string, Card>();
    const messages: NewMessage<Card>[] = [];
    const localeOf = await channelLocales({ ...ctx, db: trx });
    for (const d of due) {
      const filters = parseFilters(d.sub.filters);
      const since = sinceOf(d);
      const day = todayOf(d);
      const locale = localeOf(d.sub.platform, d.sub.channel_id);
      const memo = JSON.stringify([filters, since, day, d.catchUp, locale]);
      let card = cards.get(memo);
      if (!card) {
        const basis = basisBy.get(day) as DigestBasis;
        const members = basis.scopeOf(filters);
        const expansion = basis.expansion(members);
        card = digestCard({
          // The expansion line takes one block of Slack's 50.
          digest: basis.select(since, day, members, expansion.accounts > 0 ? 1 : 0),
          expansion,
          scope: scopeWords(filters, locale),
          accounts: members.length,
          today: day,
          since,
          catchUp: d.catchUp,
          locale,
        });
        cards.set(memo, card);
      }
      messages.push({
        platform: d.sub.platform,
        channelId: d.sub.channel_id,
        // A catch-up is one per subscription per local day, whichever run composes it: two
        // overlapping runs (a slow one and the next minute's) make the same key, and the
        // outbox keeps one. A scheduled digest is one per slot; one run by hand, one per click.
        dedupeKey: d.catchUp
          ? `digest:${d.sub.id}:catchup:${day}`
          : `digest:${d.sub.id}:${d.manual ? 'manual:' : ''}${d.slot.toISOString()}`,
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

type PortfolioRows = Awaited<ReturnType<typeof portfolioOn>>;
type AlertRows = Awaited<ReturnType<typeof unacknowledgedAlerts>>;
type OverdueRows = Awaited<ReturnType<typeof overdueFollowUps>>;
type EarlierSnapshots = Awaited<ReturnType<typeof snapshotsOn>>;
/** A check-in due as the digest takes it (the account's name comes from the portfolio). */
interface CheckInRow {
  accountId: number;
  owner: string | null;
  cadenceDays: number;
  lastTouchOn: string | null;
  overdueDays: number;
}

interface DigestBasis {
  scopeOf: ReturnType<typeof filterIndex>;
  select(
    since: string | null,
    day: string,
    members: Int32Array,
    reserve?: number,
  ): ReturnType<typeof selectScoped>;
  /** The scope's expansion potential: the sum over its accounts, and how many have one. */
  expansion(members: Int32Array): { total: number; accounts: number };
}

/** One local day's portfolio as digest rows, ranked once per "since" day, selected per scope. */
function digestBasis(
  portfolio: PortfolioRows,
  alerts: AlertRows,
  overdue: OverdueRows,
  earlier: EarlierSnapshots,
  potentials: ReadonlyMap<number, number>,
  checkIns: readonly CheckInRow[] = [],
): DigestBasis {
  const names = new Map(portfolio.map((a) => [a.id, a.name]));
  const indexOf = new Map(portfolio.map((a, i) => [a.id, i]));
  // Each account's expansion potential by its position in the portfolio.
  const potentialAt = new Float64Array(portfolio.length);
  for (const [id, p] of potentials) {
    const at = indexOf.get(id);
    if (at !== undefined) potentialAt[at] = p;
  }
  // Alerts and follow-ups tied to their account's position (others are out of every scope).
  const placedAlerts = alerts.flatMap((x) => {
    const at = indexOf.get(x.account_id);
    // Expansion signals are not risk: the digest shows their potential instead.
    if (at === undefined || isExpansionRule(x.rule)) return [];
    const { summary, summary_args: summaryArgs, severity, fired_at: firedAt } = x;
    const accountName = names.get(x.account_id) ?? '';
    return [{ accountName, summary, summaryArgs, severity, firedAt, at }];
  });
  const placedFollowUps = overdue.flatMap((f) => {
    const at = indexOf.get(f.account_id);
    if (at === undefined) return [];
    const accountName = names.get(f.account_id) ?? '';
    return [{ accountName, title: f.title, dueOn: f.due_on, owner: f.owner_email, at }];
  });
  const placedCheckIns = checkIns.flatMap((c) => {
    const at = indexOf.get(c.accountId);
    if (at === undefined) return [];
    return [{ ...c, accountName: names.get(c.accountId) ?? '', at }];
  });
  const rankedBy = new Map<string, RankedDigest>();
  const rankedFor = (since: string | null, day: string) => {
    const key = `${since}|${day}`;
    let ranked = rankedBy.get(key);
    if (!ranked) {
      const before = since ? earlier.get(since) : undefined;
      const accounts = portfolio.map((a) => ({
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
      ranked = rankDigest({
        today: day,
        since,
        accounts,
        alerts: placedAlerts,
        followUps: placedFollowUps,
        checkIns: placedCheckIns,
      });
      rankedBy.set(key, ranked);
    }
    return ranked;
  };
  // One mask over the portfolio, set for a scope's members and cleared after.
  const mask = new Uint8Array(portfolio.length);
  return {
    scopeOf: filterIndex(portfolio),
    expansion(members) {
      let total = 0;
      let accounts = 0;
      for (let j = 0; j < members.length; j++) {
        const p = potentialAt[members[j] as number] ?? 0;
        if (p > 0) {
          total += p;
          accounts++;
        }
      }
      return { total, accounts };
    },
    select(since, day, members, reserve = 0) {
      for (let j = 0; j < members.length; j++) mask[members[j] as number] = 1;
      const digest = selectScoped(
        rankedFor(since, day),
        { mask, members },
        MAX_MESSAGE_BLOCKS - reserve,
      );
      for (let j = 0; j < members.length; j++) mask[members[j] as number] = 0;
      return digest;
    },
  };
}

/** The digest's scope: its filters as typed (segment=smb), or "all accounts" in the reader's words. */
function scopeWords(filters: SubscriptionFilters, locale: Locale): string {
  const typed = describeFilters(filters);
  return typed === describeFilters({}) ? t(locale, 'digest.allAccounts') : typed;
}
