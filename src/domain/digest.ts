import { addDays, shortDay } from './dates';
import {
  type BandCount,
  type Digest,
  type DigestAccount,
  type DigestAlert,
  type DigestCheckIn,
  type DigestFollowUp,
  type DigestInput,
  type DigestRow,
  type DigestSection,
  MAX_ITEMS_PER_SECTION,
  MAX_MESSAGE_BLOCKS,
  MIN_DROP_POINTS,
  RENEWAL_HORIZON_DAYS,
} from './digest-model';
import { type DigestScope, pick, type Ranked, ranked, rankedWhere } from './digest-rank';
import type { Band } from './health';
import { plural } from './health/scale';
import type { Msg } from './locale';

export * from './digest-model';

/** Every non-empty section shows at least this many rows before any gets more. */
const FIRST_ROUND = 3;

const RANK: Record<Band, number> = { green: 0, yellow: 1, red: 2 };
const SEVERITY: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const dollars = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = (n: number) => `$${dollars.format(Math.round(n))}`;

const BANDS = ['red', 'yellow', 'green', 'none'] as const;
const bandCode = (band: Band | null) => BANDS.indexOf(band ?? 'none');

/** Per account, as flat arrays: what band counts and "ARR at risk" add up over a scope. */
interface Tallies {
  band: Uint8Array;
  prevBand: Uint8Array;
  /** The account's ARR when it is in the renewals section, else 0. */
  risk: Float64Array;
}

/**
 * Band counts and ARR at risk over a scope, in one walk of its members. The ARR is summed in
 * portfolio order (adding the zeros of other accounts changes nothing), as the rows were found.
 */
function tally(t: Tallies, scope: DigestScope | null, withChange: boolean) {
  const now = [0, 0, 0, 0];
  const before = [0, 0, 0, 0];
  let atRisk = 0;
  const n = scope ? scope.members.length : t.band.length;
  for (let j = 0; j < n; j++) {
    const i = scope ? (scope.members[j] as number) : j;
    (now[t.band[i] as number] as number)++;
    (before[t.prevBand[i] as number] as number)++;
    atRisk += t.risk[i] as number;
  }
  const counts: BandCount[] = BANDS.map((band, k) => ({
    band,
    count: now[k] as number,
    change: withChange ? (now[k] as number) - (before[k] as number) : null,
  }));
  return { counts, atRisk };
}

/**
 * Days from stored 'YYYY-MM-DD' values without dates.ts's validating round trip (3 µs each,
 * thousands of times per digest); the values come from `date` columns, already valid.
 */
const epochDay = (day: string) =>
  Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/** A section before selection: rows are only formatted for what is shown. */
interface Candidate {
  key: DigestSection['key'];
  title: string;
  titleMsg: Msg;
  size: number;
  row(i: number): DigestRow;
}

/** An alert or a follow-up with its account's position in the pool's accounts (-1: none). */
export type Placed<T> = T & { at: number };

/** Everything a run's digests draw from: the whole portfolio, as of one "since" day. */
export interface DigestPool {
  today: string;
  since: string | null;
  accounts: DigestAccount[];
  alerts: Placed<DigestAlert>[];
  followUps: Placed<DigestFollowUp>[];
  /** Accounts past their touch cadence (none when not given). */
  checkIns?: Placed<DigestCheckIn>[];
}

/** A pool with every section's candidates ranked once, for any number of scopes. */
export interface RankedDigest {
  pool: DigestPool;
  turned: Ranked<DigestAccount>;
  drops: Ranked<{ a: DigestAccount; drop: number }>;
  renewals: Ranked<{ a: DigestAccount; left: number }>;
  tallies: Tallies;
  alerts: Ranked<Placed<DigestAlert>>;
  overdue: Ranked<Placed<DigestFollowUp>>;
  checkIns: Ranked<Placed<DigestCheckIn>>;
}

/** Sorts each section's candidates over the whole pool, most important first. */
export function rankDigest(pool: DigestPool): RankedDigest {
  const { accounts, today } = pool;
  const turned = rankedWhere(
    accounts,
    (a) =>
      a.band && a.prevBand && a.band !== 'green' && RANK[a.band] > RANK[a.prevBand] ? a : null,
    (a, b) => RANK[b.band as Band] - RANK[a.band as Band] || (b.arr ?? 0) - (a.arr ?? 0),
  );
  const drops = rankedWhere(
    accounts,
    (a) => {
      if (a.score === null || a.prevScore === null) return null;
      const drop = a.prevScore - a.score;
      return drop >= MIN_DROP_POINTS ? { a, drop } : null;
    },
    (x, y) => y.drop - x.drop || (y.a.arr ?? 0) - (x.a.arr ?? 0),
  );
  const horizon = addDays(today, RENEWAL_HORIZON_DAYS);
  const todayEpoch = epochDay(today);
  const tallies: Tallies = {
    band: Uint8Array.from(accounts, (a) => bandCode(a.band)),
    prevBand: Uint8Array.from(accounts, (a) => bandCode(a.prevBand)),
    risk: new Float64Array(accounts.length),
  };
  const renewals = rankedWhere(
    accounts,
    (a, at) => {
      // ISO days compare as strings: a cheap window check before any date arithmetic.
      const d = a.renewalDate;
      if (!d || d < today || d > horizon || !a.band || a.band === 'green') return null;
      tallies.risk[at] = a.arr ?? 0;
      return { a, left: (epochDay(d) - todayEpoch) / 86_400_000 };
    },
    (x, y) => x.left - y.left || (y.a.arr ?? 0) - (x.a.arr ?? 0),
  );
  const alerts = ranked(
    pool.alerts,
    (x) => x.at,
    (x, y) =>
      (SEVERITY[x.severity] ?? 9) - (SEVERITY[y.severity] ?? 9) ||
      x.firedAt.getTime() - y.firedAt.getTime(),
  );
  const overdue = ranked(
    pool.followUps,
    (f) => f.at,
    (x, y) => (x.dueOn < y.dueOn ? -1 : x.dueOn > y.dueOn ? 1 : 0),
  );
  // Most overdue first; ties by name, so every channel lists them the same way.
  const checkIns = ranked(
    pool.checkIns ?? [],
    (c) => c.at,
    (x, y) =>
      y.overdueDays - x.overdueDays ||
      (x.accountName < y.accountName ? -1 : x.accountName > y.accountName ? 1 : 0),
  );
  return { pool, turned, drops, renewals, tallies, alerts, overdue, checkIns };
}

/** Every section's candidates within a scope, most important first (only the top are kept). */
function candidates(r: RankedDigest, scope: DigestScope | null, atRisk: number): Candidate[] {
  const K = MAX_ITEMS_PER_SECTION;
  const turned = pick(r.turned, scope, K);
  const drops = pick(r.drops, scope, K);
  const renewals = pick(r.renewals, scope, K);
  const alerts = pick(r.alerts, scope, K);
  const overdue = pick(r.overdue, scope, K);
  const checkIns = pick(r.checkIns, scope, K);
  const at = <T>(list: T[], i: number) => list[i] as T;
  const accountOf = (position: number) => {
    const id = r.pool.accounts[position]?.id;
    return id === undefined ? {} : { accountId: id };
  };
  return [
    {
      key: 'turned',
      title: `Turned red or yellow (${turned.count})`,
      titleMsg: { key: 'digest.section.turned', params: { n: turned.count } },
      size: turned.count,
      row: (i) => {
        const a = at(turned.top, i);
        const mark = a.band === 'red' ? '🔴' : '🟡';
        const score = a.score ?? '—';
        return {
          text: `${mark} ${a.name}: ${a.prevBand} → ${a.band}`,
          detail: `score ${score}${a.arr ? ` · ARR ${money(a.arr)}` : ''}`,
          msg: {
            key: 'digest.row.turned',
            params: { mark, name: a.name, from: a.prevBand ?? '', to: a.band ?? '' },
          },
          detailMsg: a.arr
            ? ({ key: 'digest.row.scoreArr', params: { score, money: a.arr } } as Msg)
            : { key: 'digest.row.score', params: { score } },
          accountId: a.id,
        };
      },
    },
    {
      key: 'drops',
      title: `Biggest drops (${drops.count})`,
      titleMsg: { key: 'digest.section.drops', params: { n: drops.count } },
      size: drops.count,
      row: (i) => {
        const { a, drop } = at(drops.top, i);
        return {
          text: `${a.name}: −${drop} (${a.prevScore} → ${a.score})`,
          msg: {
            key: 'digest.row.drop',
            params: { name: a.name, drop, from: `${a.prevScore}`, to: `${a.score}` },
          },
          ...(a.owner ? { detail: a.owner } : {}),
          accountId: a.id,
        };
      },
    },
    {
      key: 'renewals',
      title: `Renewals in ${RENEWAL_HORIZON_DAYS} days not green (${renewals.count}, ARR at risk ${money(atRisk)})`,
      titleMsg: {
        key: 'digest.section.renewals',
        params: { days: RENEWAL_HORIZON_DAYS, n: renewals.count, money: atRisk },
      },
      size: renewals.count,
      row: (i) => {
        const { a, left } = at(renewals.top, i);
        const mark = a.band === 'red' ? '🔴' : '🟡';
        const money_ = a.arr === null ? '—' : a.arr;
        return {
          text: `${mark} ${a.name}: ${shortDay(a.renewalDate as string)} (${left === 0 ? 'today' : `in ${plural(left, 'day')}`})`,
          detail: `ARR ${a.arr === null ? '—' : money(a.arr)}${a.owner ? ` · ${a.owner}` : ''}`,
          msg: {
            key: 'digest.row.renewal',
            params: { mark, name: a.name, day: a.renewalDate as string, relative: left },
          },
          detailMsg: a.owner
            ? ({ key: 'digest.row.arrOwner', params: { money: money_, owner: a.owner } } as Msg)
            : { key: 'digest.row.arr', params: { money: money_ } },
          accountId: a.id,
        };
      },
    },
    {
      key: 'alerts',
      title: `Unacknowledged alerts (${alerts.count})`,
      titleMsg: { key: 'digest.section.alerts', params: { n: alerts.count } },
      size: alerts.count,
      row: (i) => {
        const x = at(alerts.top, i);
        return {
          text: `${x.accountName}: ${x.summary}`,
          msg: { key: 'digest.row.item', params: { name: x.accountName, text: x.summary } },
          ...(x.summaryArgs ? { summaryArgs: x.summaryArgs } : {}),
          ...accountOf(x.at),
        };
      },
    },
    {
      key: 'overdue',
      title: `Overdue follow-ups (${overdue.count})`,
      titleMsg: { key: 'digest.section.overdue', params: { n: overdue.count } },
      size: overdue.count,
      row: (i) => {
        const f = at(overdue.top, i);
        return {
          text: `${f.accountName}: ${f.title}`,
          detail: `due ${shortDay(f.dueOn)}${f.owner ? ` · ${f.owner}` : ''}`,
          msg: { key: 'digest.row.item', params: { name: f.accountName, text: f.title } },
          detailMsg: f.owner
            ? ({ key: 'digest.row.dueOwner', params: { day: f.dueOn, owner: f.owner } } as Msg)
            : { key: 'digest.row.due', params: { day: f.dueOn } },
          ...accountOf(f.at),
        };
      },
    },
    {
      key: 'checkins',
      title: `Check-ins due (${checkIns.count})`,
      titleMsg: { key: 'digest.section.checkins', params: { n: checkIns.count } },
      size: checkIns.count,
      row: (i) => {
        const c = at(checkIns.top, i);
        const last = c.lastTouchOn ? `last touch ${shortDay(c.lastTouchOn)}` : 'no touch logged';
        return {
          text: `${c.accountName}: ${last} (every ${plural(c.cadenceDays, 'day')})`,
          msg: c.lastTouchOn
            ? ({
                key: 'digest.row.checkin',
                params: { name: c.accountName, day: c.lastTouchOn, days: c.cadenceDays },
              } as Msg)
            : {
                key: 'digest.row.checkinNever',
                params: { name: c.accountName, days: c.cadenceDays },
              },
          ...(c.owner ? { detail: c.owner } : {}),
          ...accountOf(c.at),
        };
      },
    },
  ];
}

/** Blocks a section takes: its title, its rows, and an "and N more" line when cut. */
const cost = (shown: number, total: number) => 1 + shown + (shown < total ? 1 : 0);

/**
 * Picks what a digest shows within Slack's 50 blocks: header, one summary line and the band
 * counts always; then every non-empty section gets up to three rows in order of importance,
 * and what budget is left goes to the sections in that same order, up to eight rows each.
 */
export function selectDigest(input: DigestInput, maxBlocks = MAX_MESSAGE_BLOCKS): Digest {
  // Without ids the input names accounts: place each alert and follow-up by its account's name.
  const byName = new Map(input.accounts.map((a, i) => [a.name, i]));
  const place = <T extends { accountName: string }>(x: T) => ({
    ...x,
    at: byName.get(x.accountName) ?? -1,
  });
  const pool = {
    ...input,
    alerts: input.alerts.map(place),
    followUps: input.followUps.map(place),
    checkIns: (input.checkIns ?? []).map(place),
  };
  return selectScoped(rankDigest(pool), null, maxBlocks);
}

/** The digest of the accounts in `scope` (null: all), from a pool ranked once per run. */
export function selectScoped(
  r: RankedDigest,
  scope: DigestScope | null,
  maxBlocks = MAX_MESSAGE_BLOCKS,
): Digest {
  const fixed = 3; // header, summary text, band counts
  const { counts, atRisk } = tally(r.tallies, scope, r.pool.since !== null);
  const all = candidates(r, scope, atRisk).filter((s) => s.size > 0);
  const sizes = () => all.reduce((n, s, i) => n + cost(shown[i] as number, s.size), 0);
  // One row each must fit; sections that cannot are dropped from the end (least important).
  while (all.length > 0 && fixed + all.reduce((n, s) => n + cost(1, s.size), 0) > maxBlocks) {
    all.pop();
  }
  const shown = all.map(() => 1);
  // Then one more row per section per round, most important first: up to three each, then
  // up to eight each, while the budget lasts.
  for (const limit of [FIRST_ROUND, MAX_ITEMS_PER_SECTION]) {
    let grew = true;
    while (grew) {
      grew = false;
      for (let i = 0; i < all.length; i++) {
        const rows = (all[i] as Candidate).size;
        if ((shown[i] as number) >= Math.min(limit, rows)) continue;
        shown[i] = (shown[i] as number) + 1;
        if (fixed + sizes() > maxBlocks) shown[i] = (shown[i] as number) - 1;
        else grew = true;
      }
    }
  }
  const sections: DigestSection[] = all
    .map((s, i) => ({
      key: s.key,
      title: s.title,
      titleMsg: s.titleMsg,
      rows: Array.from({ length: shown[i] as number }, (_, j) => s.row(j)),
      more: s.size - (shown[i] as number),
    }))
    .filter((s) => s.rows.length > 0);
  const blocks =
    fixed + sections.reduce((n, s) => n + cost(s.rows.length, s.rows.length + s.more), 0);
  return { counts, sections, blocks };
}
