import { shortDay } from '../domain/dates';
import type { BandCount, Digest } from '../domain/digest';
import { ACTIONS } from './actions';
import { BAND_MARK, formatMoney, plural } from './format';
import { button, type Card, type CardBlock, rich } from './model';

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
  /** Open expansion signals in the scope: their estimated ARR and on how many accounts. */
  expansion?: { total: number; accounts: number };
}

/**
 * The channel digest: one summary line, counts by band, then the selected sections. Block
 * for block it matches what selectDigest counted, so it stays within Slack's 50.
 */
export function digestCard(v: DigestCardView): Card {
  const counts = v.digest.counts.filter((c) => c.band !== 'none' || c.count > 0);
  // A subscription starts from the day it was made: compared with today there is no change
  // to show, so the first digest (or a second one the same day) does not claim one.
  const since =
    v.since && v.since < v.today ? `changes since ${shortDay(v.since, v.today)}` : 'first digest';
  const quiet = v.digest.sections.length === 0 ? ' · nothing needs attention' : '';
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(`${plural(v.accounts, 'account')} (${v.scope}) · ${since}${quiet}`),
    },
    // One line, not two-column facts: three bands in two columns left Green alone on a row.
    {
      type: 'text',
      text: rich(counts.map((c) => `${LABEL[c.band]} ${c.count}${change(c)}`).join(' · ')),
    },
    ...(v.expansion && v.expansion.accounts > 0
      ? [
          {
            type: 'text' as const,
            text: rich(
              `📈 Expansion potential ${formatMoney(v.expansion.total)} on ${plural(v.expansion.accounts, 'account')} ` +
                "(each account's largest open expansion signal: its ARR × the signal's share, rules.<signal>.arrUplift)",
            ),
          },
        ]
      : []),
    ...v.digest.sections.map(
      (s): CardBlock => ({
        type: 'list',
        title: s.title,
        items: s.rows.map((r) => ({
          text: rich(r.text),
          ...(r.detail ? { detail: rich(r.detail) } : {}),
          // The account card, answered to whoever clicks (a digest is read by the whole channel).
          ...(r.accountId !== undefined
            ? { action: button('Open', ACTIONS.pickAccount, { accountId: r.accountId }) }
            : {}),
        })),
        ...(s.more > 0 ? { more: s.more } : {}),
      }),
    ),
  ];
  const title = `${v.catchUp ? 'Catch-up digest' : 'Daily digest'} · ${shortDay(v.today)}`;
  return { title, fallback: `${title}: ${v.scope}`, blocks };
}
