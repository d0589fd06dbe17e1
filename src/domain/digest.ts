import { daysBetween, shortDay } from './dates';
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
const money = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

function counts(accounts: DigestAccount[], withChange: boolean): BandCount[] {
  const bands: (Band | 'none')[] = ['red', 'yellow', 'green', 'none'];
  return bands.map((band) => {
    const now = accounts.filter((a) => (a.band ?? 'none') === band).length;
    const before = accounts.filter((a) => (a.prevBand ?? 'none') === band).length;
    return { band, count: now, change: withChange ? now - before : null };
  });
}

/** Every candidate row of every section, most important first within each. */
function candidates(input: DigestInput): Omit<DigestSection, 'more'>[] {
  const { accounts, today } = input;
  const turned = accounts
    .filter((a) => a.band && a.prevBand && a.band !== 'green' && RANK[a.band] > RANK[a.prevBand])
    .sort((a, b) => RANK[b.band as Band] - RANK[a.band as Band] || (b.arr ?? 0) - (a.arr ?? 0));
  const drops = accounts
    .filter((a) => a.score !== null && a.prevScore !== null)
    .map((a) => ({ a, drop: (a.prevScore as number) - (a.score as number) }))
    .filter((d) => d.drop >= MIN_DROP_POINTS)
    .sort((x, y) => y.drop - x.drop || (y.a.arr ?? 0) - (x.a.arr ?? 0));
  const renewals = accounts
    .filter((a) => a.renewalDate && a.band && a.band !== 'green')
    .map((a) => ({ a, left: daysBetween(today, a.renewalDate as string) }))
    .filter((r) => r.left >= 0 && r.left <= RENEWAL_HORIZON_DAYS)
    .sort((x, y) => x.left - y.left || (y.a.arr ?? 0) - (x.a.arr ?? 0));
  const atRisk = renewals.reduce((sum, r) => sum + (r.a.arr ?? 0), 0);
  const alerts = [...input.alerts].sort(
    (x, y) =>
      (SEVERITY[x.severity] ?? 9) - (SEVERITY[y.severity] ?? 9) ||
      x.firedAt.getTime() - y.firedAt.getTime(),
  );
  const overdue = [...input.followUps].sort((x, y) => (x.dueOn < y.dueOn ? -1 : 1));
  return [
    {
      key: 'turned',
      title: `Turned red or yellow (${turned.length})`,
      rows: turned.map((a) => ({
        text: `${a.band === 'red' ? '🔴' : '🟡'} ${a.name}: ${a.prevBand} → ${a.band}`,
        detail: `score ${a.score ?? '—'}${a.arr ? ` · ARR ${money(a.arr)}` : ''}`,
      })),
    },
    {
      key: 'drops',
      title: `Biggest drops (${drops.length})`,
      rows: drops.map(({ a, drop }) => ({
        text: `${a.name}: −${drop} (${a.prevScore} → ${a.score})`,
        ...(a.owner ? { detail: a.owner } : {}),
      })),
    },
    {
      key: 'renewals',
      title: `Renewals in ${RENEWAL_HORIZON_DAYS} days not green (${renewals.length}, ARR at risk ${money(atRisk)})`,
      rows: renewals.map(({ a, left }) => ({
        text: `${a.band === 'red' ? '🔴' : '🟡'} ${a.name}: ${shortDay(a.renewalDate as string)} (in ${left} days)`,
        detail: `ARR ${a.arr === null ? '—' : money(a.arr)}${a.owner ? ` · ${a.owner}` : ''}`,
      })),
    },
    {
      key: 'alerts',
      title: `Unacknowledged alerts (${alerts.length})`,
      rows: alerts.map((x) => ({ text: `${x.accountName}: ${x.summary}` })),
    },
    {
      key: 'overdue',
      title: `Overdue follow-ups (${overdue.length})`,
      rows: overdue.map((f) => ({
        text: `${f.accountName}: ${f.title}`,
        detail: `due ${shortDay(f.dueOn)}${f.owner ? ` · ${f.owner}` : ''}`,
      })),
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
  const all = candidates(input).filter((s) => s.rows.length > 0);
  const sizes = () => all.reduce((n, s, i) => n + cost(shown[i] as number, s.rows.length), 0);
  // One row each must fit; sections that cannot are dropped from the end (least important).
  while (
    all.length > 0 &&
    fixed + all.reduce((n, s) => n + cost(1, s.rows.length), 0) > maxBlocks
  ) {
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
        const rows = (all[i] as (typeof all)[number]).rows.length;
        if ((shown[i] as number) >= Math.min(limit, rows)) continue;
        shown[i] = (shown[i] as number) + 1;
        if (fixed + sizes() > maxBlocks) shown[i] = (shown[i] as number) - 1;
        else grew = true;
      }
    }
  }
  const sections = all
    .map((s, i) => ({
      ...s,
      rows: s.rows.slice(0, shown[i]),
      more: s.rows.length - (shown[i] as number),
    }))
    .filter((s) => s.rows.length > 0);
  const blocks =
    fixed + sections.reduce((n, s) => n + cost(s.rows.length, s.rows.length + s.more), 0);
  return { counts: counts(input.accounts, input.since !== null), sections, blocks };
}
