import { shortName } from '../cards/format';
import type { Card } from '../cards/model';
import { statsCard } from '../cards/stats-card';
import type { Locale } from '../domain/locale';
import type { MetricsScope, PeriodName } from '../domain/metrics';
import type { StatsWho } from '../domain/parse/command';
import type { AppContext } from './context';
import { localDay } from './context';
import { defaultLocale } from './languages';
import { teamMetrics } from './team-metrics';

/** The metrics scope `/stats` asked for; "me" is the person asking (their e-mail). */
export function scopeOf(who: StatsWho, email: string | null): MetricsScope {
  if (who.kind === 'team') return { kind: 'team' };
  if (who.kind === 'person') return { kind: 'person', email: who.email };
  if (!email) throw new Error('stats me needs the e-mail of the person asking');
  return { kind: 'person', email };
}

/** `/stats [me|team|person] [period]` and `tend stats`: the metrics card. */
export async function statsAnswer(
  ctx: AppContext,
  who: StatsWho,
  period: PeriodName,
  email: string | null,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const metrics = await teamMetrics(ctx, scopeOf(who, email), period);
  const card = statsCard({
    metrics,
    who: who.kind === 'person' ? { kind: 'person', name: shortName(who.email, 60) } : who,
    today: localDay(ctx, ctx.clock.now()),
    locale,
  });
  // Bands over time and the time-to-ack trend, drawn after the answer (app/charts.ts).
  return { ...card, charts: { kind: 'metrics', scope: metrics.scope } };
}
