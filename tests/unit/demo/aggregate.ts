import { addDays } from '../../../src/domain/dates';
import type { DemoData } from '../../../src/domain/demo';
import { DEFAULT_HEALTH_SETTINGS, type HealthInputs } from '../../../src/domain/health';

/**
 * Health inputs of one demo account on `day`, computed from the generated rows the way
 * src/store/health-inputs.ts does in SQL: the last 30 days of usage against the 30 before,
 * tickets not closed, NPS and CSAT of the last 180 days.
 */
export function demoHealthInputs(data: DemoData, externalId: string, day: string): HealthInputs {
  const account = data.accounts.find((a) => a.external_id === externalId);
  const series = data.usage.find((u) => u.account_external_id === externalId);
  if (!account || !series) throw new Error(`no demo account ${externalId}`);
  const from30 = addDays(day, -29);
  const from60 = addDays(day, -59);
  const recent = { au: 0, logins: 0, n: 0, features: null as number | null };
  const prev = { au: 0, logins: 0, n: 0 };
  let lastLogin: string | null = null;
  series.active_users.forEach((active, i) => {
    const d = addDays(series.first_day, i);
    if (d > day || d < from60) return;
    const logins = series.logins[i] ?? 0;
    if (logins > 0 && (lastLogin === null || d > lastLogin)) lastLogin = d;
    if (d >= from30) {
      recent.au += active;
      recent.logins += logins;
      recent.n += 1;
      recent.features = Math.max(recent.features ?? 0, series.core_features_used[i] ?? 0);
    } else {
      prev.au += active;
      prev.logins += logins;
      prev.n += 1;
    }
  });
  const window = DEFAULT_HEALTH_SETTINGS.sentiment.npsWindowDays;
  const surveys = data.surveys.filter(
    (s) =>
      s.account_external_id === externalId &&
      s.answered_on <= day &&
      s.answered_on > addDays(day, -window),
  );
  const csat = surveys.filter((s) => s.kind === 'csat');
  return {
    asOf: day,
    contractStart: account.contract_start,
    seats: recent.n + prev.n > 0 ? series.seats : null,
    activeUsers30: recent.n ? recent.au / recent.n : null,
    activeUsersPrev30: prev.n ? prev.au / prev.n : null,
    logins30: recent.n ? recent.logins : null,
    loginsPrev30: prev.n ? prev.logins : null,
    lastLoginDate: lastLogin,
    featuresUsed30: recent.features,
    featuresTotal: recent.n ? series.core_features_total : null,
    openTickets: data.tickets
      .filter((t) => t.account_external_id === externalId && t.status !== 'closed')
      .map((t) => ({ priority: t.priority, openedOn: t.opened_at.slice(0, 10) })),
    hasTicketData: data.tickets.length > 0,
    npsAnswers: surveys
      .filter((s) => s.kind === 'nps')
      .map((s) => ({ score: s.score, respondent: s.respondent, answeredOn: s.answered_on })),
    csatAverage: csat.length ? csat.reduce((s, a) => s + a.score, 0) / csat.length : null,
  };
}
