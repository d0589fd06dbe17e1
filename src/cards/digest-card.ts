import { shortDay } from '../domain/dates';
import type { BandCount, Digest } from '../domain/digest';
import { BAND_MARK, plural } from './format';
import { type Card, type CardBlock, rich } from './model';

const LABEL: Record<BandCount['band'], string> = {
  red: `${BAND_MARK.red} Red`,
  yellow: `${BAND_MARK.yellow} Yellow`,
  green: `${BAND_MARK.green} Green`,
  none: 'No data',
};

function change(c: BandCount): string {
  if (c.change === null || c.change === 0) return '';
  return c.change > 0 ? ` (+${c.change})` : ` (−${Math.abs(c.change)})`;
}

export interface DigestCardView {
  digest: Digest;
  /** "enterprise, min ARR 50000" or "all accounts". */
  scope: string;
  accounts: number;
  today: string;
  since: string | null;
  catchUp?: boolean;
}

/**
 * The channel digest: one summary line, counts by band, then the selected sections. Block
 * for block it matches what selectDigest counted, so it stays within Slack's 50.
 */
export function digestCard(v: DigestCardView): Card {
  const counts = v.digest.counts.filter((c) => c.band !== 'none' || c.count > 0);
  const since = v.since ? `changes since ${shortDay(v.since)}` : 'first digest';
  const quiet = v.digest.sections.length === 0 ? ' · nothing needs attention' : '';
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(`${plural(v.accounts, 'account')} (${v.scope}) · ${since}${quiet}`),
    },
    {
      type: 'facts',
      facts: counts.map((c) => ({ label: LABEL[c.band], value: rich(`${c.count}${change(c)}`) })),
    },
    ...v.digest.sections.map(
      (s): CardBlock => ({
        type: 'list',
        title: s.title,
        items: s.rows.map((r) => ({
          text: rich(r.text),
          ...(r.detail ? { detail: rich(r.detail) } : {}),
        })),
        ...(s.more > 0 ? { more: s.more } : {}),
      }),
    ),
  ];
  const title = `${v.catchUp ? 'Catch-up digest' : 'Daily digest'} · ${shortDay(v.today)}`;
  return { title, fallback: `${title}: ${v.scope}`, blocks };
}
