import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import { SUMMARY_CODES, type SummaryArgs, type SummaryCode } from '../domain/rules/model';
import { BAND_KEY } from './format';
import { day } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';

/** Each summary code's message (the codes are stored with alerts: never renamed). */
const SUMMARY_KEYS: Record<SummaryCode, MessageKey> = {
  bandDrop: 'alertSummary.bandDrop',
  scoreDrop: 'alertSummary.scoreDrop',
  noLogin: 'alertSummary.noLogin',
  noLoginEver: 'alertSummary.noLoginEver',
  usageDown: 'alertSummary.usageDown',
  detractor: 'alertSummary.detractor',
  detractorFrom: 'alertSummary.detractorFrom',
  urgentTicket: 'alertSummary.urgentTicket',
  urgentTickets: 'alertSummary.urgentTickets',
  renewalAtRisk: 'alertSummary.renewalAtRisk',
  onboardingStall: 'alertSummary.onboardingStall',
  touchOverdue: 'alertSummary.touchOverdue',
  touchOverdueNever: 'alertSummary.touchOverdueNever',
  seatsHigh: 'alertSummary.seatsHigh',
  premiumAdopted: 'alertSummary.premiumAdopted',
  usersUp: 'alertSummary.usersUp',
};

const isBand = (v: unknown): v is Band => v === 'green' || v === 'yellow' || v === 'red';

function isSummaryArgs(v: unknown): v is SummaryArgs {
  return (
    typeof v === 'object' &&
    v !== null &&
    (SUMMARY_CODES as readonly unknown[]).includes((v as { key?: unknown }).key)
  );
}

/**
 * An alert's summary in `locale`, worded from its code and values (alerts.summary_args).
 * Rows from before summary_args, or with a code this version does not know (written by a newer
 * one), keep their stored English `summary`.
 */
export function alertSummary(locale: Locale, summary: string, args: unknown): string {
  if (!isSummaryArgs(args)) return summary;
  const params: Params = {};
  for (const [name, v] of Object.entries(args)) {
    if (name === 'key') continue;
    // A day is written for the reader; English kept the raw ISO day in some summaries.
    if (name === 'day' && typeof v === 'string') {
      params.day = day(locale, v);
      params.iso = v;
    } else if ((name === 'from' || name === 'to' || name === 'band') && isBand(v)) {
      params[name] = t(locale, BAND_KEY[v]);
    } else params[name] = v;
  }
  try {
    return t(locale, SUMMARY_KEYS[args.key], params);
  } catch {
    // A stored row missing a value its message needs: the English it was stored with.
    return summary;
  }
}
