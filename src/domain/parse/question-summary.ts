import type { AccountFilters, Question, RenewalWindow } from './question-model';

/** $250k, $1.5M: short, because the summary is one line. */
function money(n: number): string {
  if (n >= 1e6) return `$${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `$${+(n / 1e3).toFixed(1)}k`;
  return `$${n}`;
}

function windowText(w: RenewalWindow): string {
  switch (w.unit) {
    case 'days':
      return `renews ≤ ${w.days} days`;
    case 'week':
      return w.offset === 0 ? 'renews this week' : 'renews next week';
    case 'month':
      return w.offset === 0 ? 'renews this month' : 'renews next month';
    case 'quarter':
      return w.offset === 0 ? 'renews this quarter' : 'renews next quarter';
    case 'quarter-of-year':
      return `renews in Q${w.quarter}`;
  }
}

/** The filters as read, e.g. "red · enterprise · renews ≤ 90 days"; "all accounts" for none. */
export function describeFilters(f: AccountFilters): string {
  const parts: string[] = [];
  if (f.bands) {
    parts.push(
      f.bands.length === 2 && !f.bands.includes('green')
        ? 'not green'
        : f.bands.length === 2 && !f.bands.includes('red')
          ? 'not red'
          : f.bands.join(' or '),
    );
  }
  if (f.atRisk) parts.push('at risk');
  if (f.segment) parts.push(f.segment);
  if (f.tier) parts.push(`${f.tier} tier`);
  if (f.owner) {
    parts.push(
      f.owner.kind === 'me'
        ? 'mine'
        : `owner ${f.owner.kind === 'email' ? f.owner.email : f.owner.name}`,
    );
  }
  if (f.minArr !== undefined && f.maxArr !== undefined) {
    parts.push(`ARR ${money(f.minArr)}–${money(f.maxArr)}`);
  } else if (f.minArr !== undefined) parts.push(`ARR ≥ ${money(f.minArr)}`);
  else if (f.maxArr !== undefined) parts.push(`ARR ≤ ${money(f.maxArr)}`);
  if (f.renewal) parts.push(windowText(f.renewal));
  if (f.rule) parts.push(`alert: ${f.rule.replaceAll('_', ' ')}`);
  if (f.trend) parts.push(f.trend === 'dropping' ? 'score dropping' : 'score improving');
  return parts.length === 0 ? 'all accounts' : parts.join(' · ');
}

/** One line saying what Tend understood, so a wrong reading is visible at once. */
export function describeQuestion(q: Question): string {
  switch (q.kind) {
    case 'account':
      return q.why ? `why: ${q.account}` : `health: ${q.account}`;
    case 'accounts': {
      const what = describeFilters(q.filters);
      if (q.measure === 'count') return `count · ${what}`;
      if (q.measure === 'arr') return `ARR total · ${what}`;
      return what;
    }
    case 'followups':
      return 'my follow-ups';
    case 'alerts':
      return 'my alerts';
    case 'unknown':
      return 'not understood';
  }
}
