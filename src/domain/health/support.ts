import { daysBetween } from '../dates';
import type { HealthInputs, HealthSettings, MeasureScore, TicketPriority } from './model';
import { plural, toMeasureScore } from './scale';

type SupportInputs = Pick<HealthInputs, 'asOf' | 'openTickets' | 'hasTicketData'>;

const PRIORITY_ORDER: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];

export function scoreSupport(inputs: SupportInputs, settings: HealthSettings): MeasureScore {
  if (!inputs.hasTicketData) return { score: null, detail: 'no ticket data' };
  const { priorityWeights, urgentAgeDays } = settings.support;
  const counts: Record<TicketPriority, number> = { low: 0, normal: 0, high: 0, urgent: 0 };
  let oldUrgent = 0;
  let cost = 0;
  for (const t of inputs.openTickets) {
    counts[t.priority] += 1;
    cost += priorityWeights[t.priority];
    // An urgent ticket left open past urgentAgeDays is a broken promise: it costs twice.
    if (t.priority === 'urgent' && daysBetween(t.openedOn, inputs.asOf) > urgentAgeDays) {
      oldUrgent += 1;
      cost += priorityWeights.urgent;
    }
  }
  const score = toMeasureScore(100 - cost);
  const total = inputs.openTickets.length;
  if (total === 0) return { score, detail: 'no open tickets' };
  if (oldUrgent > 0) {
    return {
      score,
      detail: `${plural(oldUrgent, 'urgent ticket')} open > ${plural(urgentAgeDays, 'day')}`,
    };
  }
  const parts = PRIORITY_ORDER.filter((p) => counts[p] > 0).map((p) => `${counts[p]} ${p}`);
  return { score, detail: `${plural(total, 'open ticket')} (${parts.join(', ')})` };
}
