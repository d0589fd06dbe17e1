import { addDays } from '../domain/dates';
import {
  type MetricsScope,
  type PeriodName,
  periodFigures,
  periodsOf,
  splitSpan,
  type TeamMetrics,
} from '../domain/metrics';
import { localToInstant } from '../domain/schedule';
import { gatherSpan } from '../store/metrics';
import type { AppContext } from './context';
import { localDay } from './context';

/**
 * Team metrics for a period and the one before it, for the team or one person's portfolio
 * (accounts they own). One gathering over both periods (six statements), figures in domain.
 */
export async function teamMetrics(
  ctx: AppContext,
  scope: MetricsScope,
  period: PeriodName,
): Promise<TeamMetrics> {
  const now = ctx.clock.now();
  const timeZone = ctx.config.settings.timezone;
  const today = localDay(ctx, now);
  const periods = periodsOf(period, today);
  const midnight = (day: string) => localToInstant(day, '00:00', timeZone);
  const edges = [
    midnight(periods.previous.from),
    midnight(addDays(periods.previous.to, 1)),
    midnight(periods.current.from),
    midnight(addDays(periods.current.to, 1)),
  ] as const;
  const span = await gatherSpan(ctx.db, {
    scope,
    edges,
    fromDay: periods.previous.from,
    toDay: periods.current.to,
    bandDays: [
      addDays(periods.previous.from, -1),
      periods.previous.to,
      addDays(periods.current.from, -1),
      periods.current.to,
    ],
    timeZone,
  });
  const split = splitSpan(span, periods, edges);
  return {
    scope,
    period,
    current: periodFigures(split.current, today, now),
    previous: periodFigures(split.previous, today, now),
  };
}
