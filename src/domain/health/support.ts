import { daysBetween } from '../dates';
import { type MeasureFacts, withDetail } from './facts';
import type { HealthInputs, HealthSettings, MeasureScore, TicketPriority } from './model';
import { toMeasureScore } from './scale';

type SupportInputs = Pick<HealthInputs, 'asOf' | 'openTickets' | 'hasTicketData'>;

export function supportFacts(inputs: SupportInputs, settings: HealthSettings): MeasureFacts {
  if (!inputs.hasTicketData) return { score: null, facts: [['support_none']] };
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
  if (total === 0) return { score, facts: [['support_clear']] };
  if (oldUrgent > 0) return { score, facts: [['support_old_urgent', oldUrgent, urgentAgeDays]] };
  return {
    score,
    facts: [['support_open', total, counts.urgent, counts.high, counts.normal, counts.low]],
  };
}

export function scoreSupport(inputs: SupportInputs, settings: HealthSettings): MeasureScore {
  return withDetail(supportFacts(inputs, settings));
}
