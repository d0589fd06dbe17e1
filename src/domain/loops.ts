import { addDays } from './dates';
import { isWeekend } from './schedule';

export type LoopReason = 'detractor' | 'low_csat' | 'passive';
export const LOOP_OUTCOMES = [
  'contacted',
  'resolved',
  'recovered',
  'unreachable',
  'not_needed',
] as const;
export type LoopOutcome = (typeof LOOP_OUTCOMES)[number];

/** The outcome buttons, in words: Recovered means the customer is now satisfied. */
export const OUTCOME_WORDS: Record<LoopOutcome, string> = {
  contacted: 'Contacted',
  resolved: 'Resolved',
  recovered: 'Recovered',
  unreachable: 'Unreachable',
  not_needed: 'Not needed',
};

/** Why a survey answer opens a loop, or null: NPS 0–6, CSAT 1–2, passives (7–8) if asked. */
export function loopReasonFor(
  kind: 'nps' | 'csat',
  score: number,
  passives: boolean,
): LoopReason | null {
  if (kind === 'nps') {
    if (score <= 6) return 'detractor';
    if (passives && score <= 8) return 'passive';
    return null;
  }
  return score <= 2 ? 'low_csat' : null;
}

/** The calendar day `n` business days (Monday–Friday) after `day`. */
export function addBusinessDays(day: string, n: number): string {
  let out = day;
  let left = n;
  while (left > 0) {
    out = addDays(out, 1);
    if (!isWeekend(out)) left--;
  }
  return out;
}
