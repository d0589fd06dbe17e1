import { addDays } from '../dates';
import type { TicketPriority } from '../health';
import type { DemoSurveyAnswer, DemoTicket } from './model';
import { personEmail } from './names';
import type { Rng } from './random';

const SUBJECTS = [
  'SSO login loop',
  'Report export times out',
  'Invite emails not arriving',
  'Dashboard loads slowly',
  'API rate limit questions',
  'Billing address change',
  'Data sync delayed',
  'Permissions for new team',
  'Webhook retries failing',
  'Question about seat count',
  'Mobile app crashes on start',
  'CSV import rejects dates',
];
const PRIORITIES: readonly (readonly [TicketPriority, number])[] = [
  ['low', 30],
  ['normal', 45],
  ['high', 19],
  ['urgent', 6],
];
const COMMENTS = {
  low: ['Too many outages lately', 'Support is slow to answer', 'Hard to roll out to my team'],
  mid: ['Does the job', 'Reporting could be better', 'Fine, a bit pricey'],
  high: ['Our team lives in it', 'Great support', 'Saves us hours every week'],
};

/** An instant on `day` at a plausible office hour, as an ISO string (UTC). */
export function at(day: string, hour: number, minute = 0): string {
  const hh = String(hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  return `${day}T${hh}:${mm}:00.000Z`;
}

export const seq = (n: number): string => String(n).padStart(3, '0');

function resolutionDays(rng: Rng, priority: TicketPriority): number {
  if (priority === 'urgent') return rng.chance(0.05) ? rng.int(8, 20) : rng.int(0, 2);
  if (priority === 'high') return rng.int(1, 5);
  if (priority === 'normal') return rng.int(1, 10);
  return rng.int(2, 20);
}

export interface ActivityContext {
  rng: Rng;
  /** The account's external id and the number in it ('00042'), for child ids. */
  externalId: string;
  tag: string;
  domain: string;
  seats: number;
  /** 0 (unhappy) … 1 (delighted): drives ticket volume and survey answers. */
  mood: number;
  firstDay: string;
  /** Days from firstDay to today, inclusive. */
  span: number;
  today: string;
}

export function randomTickets(c: ActivityContext): DemoTicket[] {
  const perMonth = Math.min(5, 0.4 + c.seats / 150) * (c.mood < 0.4 ? 1.6 : 1);
  const count = Math.min(60, c.rng.poisson((perMonth * c.span) / 30));
  const tickets: DemoTicket[] = [];
  for (let k = 1; k <= count; k++) {
    const openedAgo = c.rng.int(0, c.span - 1);
    const priority = c.rng.weighted(PRIORITIES);
    const closedAgo = openedAgo - resolutionDays(c.rng, priority);
    const open = closedAgo < 0;
    const openedHour = c.rng.int(7, 18);
    // Closed the same day means closed later that day.
    const closedHour = closedAgo === openedAgo ? c.rng.int(openedHour + 1, 21) : c.rng.int(8, 20);
    tickets.push({
      external_id: `tk-${c.tag}-${seq(k)}`,
      account_external_id: c.externalId,
      priority,
      status: open ? (c.rng.chance(0.3) ? 'pending' : 'open') : 'closed',
      subject: c.rng.pick(SUBJECTS),
      opened_at: at(addDays(c.today, -openedAgo), openedHour, c.rng.int(0, 59)),
      closed_at: open ? null : at(addDays(c.today, -closedAgo), closedHour, c.rng.int(0, 59)),
    });
  }
  return tickets;
}

function comment(rng: Rng, npsLike: number): string | null {
  if (!rng.chance(0.4)) return null;
  return rng.pick(npsLike <= 6 ? COMMENTS.low : npsLike <= 8 ? COMMENTS.mid : COMMENTS.high);
}

const clampInt = (x: number, lo: number, hi: number): number =>
  Math.max(lo, Math.min(hi, Math.round(x)));

export function randomSurveys(c: ActivityContext, tickets: DemoTicket[]): DemoSurveyAnswer[] {
  const answers: DemoSurveyAnswer[] = [];
  const add = (kind: 'nps' | 'csat', score: number, day: string) => {
    answers.push({
      external_id: `sv-${c.tag}-${seq(answers.length + 1)}`,
      account_external_id: c.externalId,
      kind,
      score,
      respondent: personEmail(c.rng, c.domain),
      comment: comment(c.rng, kind === 'nps' ? score : score * 2),
      answered_on: day,
    });
  };
  // NPS goes out about once a quarter; not everyone answers.
  for (let slot = 0; slot * 90 < c.span; slot++) {
    if (!c.rng.chance(0.55)) continue;
    const answersInSlot = c.rng.chance(0.3) ? 2 : 1;
    for (let k = 0; k < answersInSlot; k++) {
      const ago = slot * 90 + c.rng.int(0, Math.min(89, c.span - 1 - slot * 90));
      add('nps', clampInt(4 + 6 * c.mood + 1.5 * c.rng.normal(), 0, 10), addDays(c.today, -ago));
    }
  }
  // CSAT follows about half of the closed tickets.
  for (const t of tickets) {
    if (t.closed_at === null || !c.rng.chance(0.5)) continue;
    add('csat', clampInt(2 + 3 * c.mood + 0.8 * c.rng.normal(), 1, 5), t.closed_at.slice(0, 10));
  }
  return answers;
}
