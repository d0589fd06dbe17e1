import { addDays } from '../domain/dates';
import {
  figuresFromTotals,
  type MetricsScope,
  type PeriodName,
  periodsOf,
  type TeamMetrics,
} from '../domain/metrics';
import { localToInstant } from '../domain/schedule';
import { gatherTotals } from '../store/metrics-totals';
import type { AppContext } from './context';
import { localDay } from './context';

/**
 * Team metrics for a period and the one before it, for the team or one person's portfolio
 * (accounts they own). Both periods' totals in seven aggregate statements run side by side
 * (store/metrics-totals.ts); the divisions in domain.
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
  const [previous, current] = await gatherTotals(ctx.db, {
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
    previous: periods.previous,
    current: periods.current,
    today,
    now,
  });
  return {
    scope,
    period,
    current: figuresFromTotals(periods.current, current),
    previous: figuresFromTotals(periods.previous, previous),
  };
}
