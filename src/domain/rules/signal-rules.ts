import { daysBetween, shortDay } from '../dates';
import { plural } from '../health/scale';
import { NEW_ANSWER_DAYS, type Rule, says } from './model';

export const detractor: Rule<'detractor'> = (f, p) => {
  const fresh = f.npsAnswers
    .filter((a) => a.score <= p.maxScore)
    .filter((a) => {
      const age = daysBetween(a.answeredOn, f.today);
      return age >= 0 && age < NEW_ANSWER_DAYS;
    })
    .sort((a, b) =>
      a.answeredOn === b.answeredOn ? b.id - a.id : a.answeredOn < b.answeredOn ? 1 : -1,
    );
  const latest = fresh[0];
  if (!latest) return null;
  const who = latest.respondent ? ` from ${latest.respondent}` : '';
  return {
    rule: 'detractor',
    severity: latest.score <= 3 ? 'critical' : 'warning',
    summary: `detractor NPS ${latest.score}${who} on ${shortDay(latest.answeredOn)}`,
    args: latest.respondent
      ? says({
          key: 'detractorFrom',
          score: latest.score,
          who: latest.respondent,
          day: latest.answeredOn,
        })
      : says({ key: 'detractor', score: latest.score, day: latest.answeredOn }),
    conditionKey: `answer:${latest.id}`,
    details: { score: latest.score, respondent: latest.respondent, answeredOn: latest.answeredOn },
  };
};

export const urgentTicket: Rule<'urgent_ticket'> = (f, p) => {
  const old = f.urgentTickets
    .map((t) => ({ ...t, age: daysBetween(t.openedOn, f.today) }))
    .filter((t) => t.age > p.days)
    .sort((a, b) => b.age - a.age || a.id - b.id);
  const oldest = old[0];
  if (!oldest) return null;
  const n = old.length;
  return {
    rule: 'urgent_ticket',
    severity: 'critical',
    summary:
      n === 1
        ? `an urgent ticket has been open ${plural(oldest.age, 'day')}`
        : `${n} urgent tickets open > ${plural(p.days, 'day')} (oldest ${plural(oldest.age, 'day')})`,
    args:
      n === 1
        ? says({ key: 'urgentTicket', days: oldest.age })
        : says({ key: 'urgentTickets', n, days: p.days, oldest: oldest.age }),
    conditionKey: `ticket:${oldest.id}`,
    details: { tickets: n, oldestDays: oldest.age },
  };
};
