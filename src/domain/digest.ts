import { addDays, shortDay } from './dates';
import type { Band } from './health';

/** Slack's limit per message; the renderer adds the header block. */
export const MAX_MESSAGE_BLOCKS = 50;
/** "Short, never noisy": no section lists more than this, whatever the budget. */
export const MAX_ITEMS_PER_SECTION = 8;
/** Every non-empty section shows at least this many rows before any gets more. */
const FIRST_ROUND = 3;
export const RENEWAL_HORIZON_DAYS = 90;
export const MIN_DROP_POINTS = 5;

export interface DigestAccount {
  id: number;
  name: string;
  arr: number | null;
  owner: string | null;
  renewalDate: string | null;
  score: number | null;
  band: Band | null;
  /** At the last digest (null: unknown or first digest). */
  prevScore: number | null;
  prevBand: Band | null;
}

export interface DigestAlert {
  accountName: string;
  summary: string;
  severity: string;
  firedAt: Date;
}

export interface DigestFollowUp {
  accountName: string;
  title: string;
  dueOn: string;
  owner: string | null;
}

export interface DigestInput {
  today: string;
  /** Day of the last digest, or null for the first one. */
  since: string | null;
  accounts: DigestAccount[];
  alerts: DigestAlert[];
  followUps: DigestFollowUp[];
}

export interface DigestRow {
  text: string;
  detail?: string;
}

export interface DigestSection {
  key: 'turned' | 'drops' | 'renewals' | 'alerts' | 'overdue';
  title: string;
  rows: DigestRow[];
  /** Rows not shown ("and N more"). */
  more: number;
}

export interface BandCount {
  band: Band | 'none';
  count: number;
  /** Change since the last digest; null on the first. */
  change: number | null;
}

export interface Digest {
  counts: BandCount[];
  sections: DigestSection[];
  /** Blocks the rendered message takes (header included): ≤ MAX_MESSAGE_BLOCKS. */
  blocks: number;
}

const RANK: Record<Band, number> = { green: 0, yellow: 1, red: 2 };
const SEVERITY: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const dollars = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = (n: number) => `$${dollars.format(Math.round(n))}`;

function counts(accounts: DigestAccount[], withChange: boolean): BandCount[] {
  const now = { red: 0, yellow: 0, green: 0, none: 0 };
  const before = { red: 0, yellow: 0, green: 0, none: 0 };
  for (const a of accounts) {
    now[a.band ?? 'none']++;
    before[a.prevBand ?? 'none']++;
  }
  return (['red', 'yellow', 'green', 'none'] as const).map((band) => ({
    band,
    count: now[band],
    change: withChange ? now[band] - before[band] : null,
  }));
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
  size: number;
  row(i: number): DigestRow;
}

/**
 * The best `k` items in order, and how many there were, in one pass: a digest shows at most
 * eight rows per section, so sorting thousands of accounts per channel would be waste.
 */
export function topK<T>(items: Iterable<T>, k: number, better: (x: T, y: T) => number) {
  const top: T[] = [];
  let count = 0;
  for (const item of items) {
    count++;
    if (top.length === k && better(item, top[k - 1] as T) >= 0) continue;
    let i = top.length;
    while (i > 0 && better(item, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, item);
    if (top.length > k) top.pop();
  }
  return { top, count };
}

function where<T, U>(items: T[], map: (item: T) => U | null): U[] {
  const out: U[] = [];
  for (const item of items) {
    const u = map(item);
    if (u !== null) out.push(u);
  }
  return out;
}

/** Every section's candidates, most important first within each (only the top are kept). */
function candidates(input: DigestInput): Candidate[] {
  const { accounts, today } = input;
  const K = MAX_ITEMS_PER_SECTION;
  const turned = topK(
    where(accounts, (a) =>
      a.band && a.prevBand && a.band !== 'green' && RANK[a.band] > RANK[a.prevBand] ? a : null,
    ),
    K,
    (a, b) => RANK[b.band as Band] - RANK[a.band as Band] || (b.arr ?? 0) - (a.arr ?? 0),
  );
  const drops = topK(
    where(accounts, (a) => {
      if (a.score === null || a.prevScore === null) return null;
      const drop = a.prevScore - a.score;
      return drop >= MIN_DROP_POINTS ? { a, drop } : null;
    }),
    K,
    (x, y) => y.drop - x.drop || (y.a.arr ?? 0) - (x.a.arr ?? 0),
  );
  const horizon = addDays(today, RENEWAL_HORIZON_DAYS);
  const todayEpoch = epochDay(today);
  let atRisk = 0;
  const renewals = topK(
    where(accounts, (a) => {
      // ISO days compare as strings: a cheap window check before any date arithmetic.
      const d = a.renewalDate;
      if (!d || d < today || d > horizon || !a.band || a.band === 'green') return null;
      atRisk += a.arr ?? 0;
      return { a, left: (epochDay(d) - todayEpoch) / 86_400_000 };
    }),
    K,
    (x, y) => x.left - y.left || (y.a.arr ?? 0) - (x.a.arr ?? 0),
  );
  const alerts = topK(
    input.alerts,
    K,
    (x, y) =>
      (SEVERITY[x.severity] ?? 9) - (SEVERITY[y.severity] ?? 9) ||
      x.firedAt.getTime() - y.firedAt.getTime(),
  );
  const overdue = topK(input.followUps, K, (x, y) =>
    x.dueOn < y.dueOn ? -1 : x.dueOn > y.dueOn ? 1 : 0,
  );
  const at = <T>(list: T[], i: number) => list[i] as T;
  return [
    {
      key: 'turned',
      title: `Turned red or yellow (${turned.count})`,
      size: turned.count,
      row: (i) => {
        const a = at(turned.top, i);
        return {
          text: `${a.band === 'red' ? '🔴' : '🟡'} ${a.name}: ${a.prevBand} → ${a.band}`,
          detail: `score ${a.score ?? '—'}${a.arr ? ` · ARR ${money(a.arr)}` : ''}`,
        };
      },
    },
    {
      key: 'drops',
      title: `Biggest drops (${drops.count})`,
      size: drops.count,
      row: (i) => {
        const { a, drop } = at(drops.top, i);
        return {
          text: `${a.name}: −${drop} (${a.prevScore} → ${a.score})`,
          ...(a.owner ? { detail: a.owner } : {}),
        };
      },
    },
    {
      key: 'renewals',
      title: `Renewals in ${RENEWAL_HORIZON_DAYS} days not green (${renewals.count}, ARR at risk ${money(atRisk)})`,
      size: renewals.count,
      row: (i) => {
        const { a, left } = at(renewals.top, i);
        return {
          text: `${a.band === 'red' ? '🔴' : '🟡'} ${a.name}: ${shortDay(a.renewalDate as string)} (in ${left} days)`,
          detail: `ARR ${a.arr === null ? '—' : money(a.arr)}${a.owner ? ` · ${a.owner}` : ''}`,
        };
      },
    },
    {
      key: 'alerts',
      title: `Unacknowledged alerts (${alerts.count})`,
      size: alerts.count,
      row: (i) => {
        const x = at(alerts.top, i);
        return { text: `${x.accountName}: ${x.summary}` };
      },
    },
    {
      key: 'overdue',
      title: `Overdue follow-ups (${overdue.count})`,
      size: overdue.count,
      row: (i) => {
        const f = at(overdue.top, i);
        return {
          text: `${f.accountName}: ${f.title}`,
          detail: `due ${shortDay(f.dueOn)}${f.owner ? ` · ${f.owner}` : ''}`,
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
  const fixed = 3; // header, summary text, band counts
  const all = candidates(input).filter((s) => s.size > 0);
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
      rows: Array.from({ length: shown[i] as number }, (_, j) => s.row(j)),
      more: s.size - (shown[i] as number),
    }))
    .filter((s) => s.rows.length > 0);
  const blocks =
    fixed + sections.reduce((n, s) => n + cost(s.rows.length, s.rows.length + s.more), 0);
  return { counts: counts(input.accounts, input.since !== null), sections, blocks };
}
