import type { BandCount, Digest, DigestRow } from '../domain/digest';
import type { Band } from '../domain/health';
import type { Locale, Msg } from '../domain/locale';
import { ACTIONS } from './actions';
import { alertSummary } from './alert-summary';
import { BAND_KEY, BAND_MARK } from './format';
import { day, money, relativeDays } from './i18n/format';
import { type Params, t, tm } from './i18n/t';
import { button, type Card, type CardBlock, rich } from './model';

function label(locale: Locale, band: BandCount['band']): string {
  switch (band) {
    case 'red':
      return t(locale, 'digest.bandRed', { mark: BAND_MARK.red });
    case 'yellow':
      return t(locale, 'digest.bandYellow', { mark: BAND_MARK.yellow });
    case 'green':
      return t(locale, 'digest.bandGreen', { mark: BAND_MARK.green });
    case 'none':
      return t(locale, 'digest.bandNone');
  }
}

const isBand = (v: unknown): v is Band => v === 'green' || v === 'yellow' || v === 'red';

/**
 * A digest message in `locale`: the domain hands raw values (see DigestRow) and they are
 * written here, the amount as money, the day and the days left in the reader's words.
 */
function say(locale: Locale, msg: Msg): string {
  const params: Params = {};
  for (const [name, v] of Object.entries(msg.params ?? {})) {
    if (name === 'money' && typeof v === 'number') params[name] = money(locale, v);
    else if (name === 'day' && typeof v === 'string') params[name] = day(locale, v);
    else if (name === 'relative' && typeof v === 'number') {
      params[name] = relativeDays(locale, v, v === 0);
    } else if ((name === 'from' || name === 'to') && isBand(v)) {
      params[name] = t(locale, BAND_KEY[v]);
    } else params[name] = v;
  }
  return tm(locale, { key: msg.key, params: params as Record<string, string | number> });
}

/** An alert row's summary in the reader's words (its stored English without args). */
function withSummary(locale: Locale, r: DigestRow): Msg {
  const text = r.msg.params?.text;
  if (r.summaryArgs === undefined || typeof text !== 'string') return r.msg;
  return { ...r.msg, params: { ...r.msg.params, text: alertSummary(locale, text, r.summaryArgs) } };
}

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
  /** The channel's language. */
  locale?: Locale;
  /** Open expansion signals in the scope: their estimated ARR and on how many accounts. */
  expansion?: { total: number; accounts: number };
}

/**
 * The channel digest: one summary line, counts by band, then the selected sections. Block
 * for block it matches what selectDigest counted, so it stays within Slack's 50.
 */
export function digestCard(v: DigestCardView): Card {
  const locale = v.locale ?? 'en';
  const counts = v.digest.counts.filter((c) => c.band !== 'none' || c.count > 0);
  // A subscription starts from the day it was made: compared with today there is no change
  // to show, so the first digest (or a second one the same day) does not claim one.
  const since =
    v.since && v.since < v.today
      ? t(locale, 'digest.since', { day: day(locale, v.since, v.today) })
      : t(locale, 'digest.first');
  const quiet = v.digest.sections.length === 0 ? t(locale, 'digest.quiet') : '';
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(t(locale, 'digest.summary', { n: v.accounts, scope: v.scope, since, quiet })),
    },
    // One line, not two-column facts: three bands in two columns left Green alone on a row.
    {
      type: 'text',
      text: rich(counts.map((c) => `${label(locale, c.band)} ${c.count}${change(c)}`).join(' · ')),
    },
    ...(v.expansion && v.expansion.accounts > 0
      ? [
          {
            type: 'text' as const,
            text: rich(
              t(locale, 'digest.expansion', {
                money: money(locale, v.expansion.total),
                n: v.expansion.accounts,
              }),
            ),
          },
        ]
      : []),
    ...v.digest.sections.map(
      (s): CardBlock => ({
        type: 'list',
        title: say(locale, s.titleMsg),
        items: s.rows.map((r) => ({
          text: rich(say(locale, withSummary(locale, r))),
          ...(r.detailMsg
            ? { detail: rich(say(locale, r.detailMsg)) }
            : r.detail
              ? { detail: rich(r.detail) }
              : {}),
          // The account card, answered to whoever clicks (a digest is read by the whole channel).
          ...(r.accountId !== undefined
            ? {
                action: button(t(locale, 'digest.open'), ACTIONS.pickAccount, {
                  accountId: r.accountId,
                }),
              }
            : {}),
        })),
        ...(s.more > 0 ? { more: s.more } : {}),
      }),
    ),
  ];
  const today = day(locale, v.today);
  const title = t(locale, v.catchUp ? 'digest.catchUp' : 'digest.daily', { day: today });
  return {
    title,
    fallback: t(locale, 'digest.fallback', { title, scope: v.scope }),
    blocks,
    locale,
  };
}
