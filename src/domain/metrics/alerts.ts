import { hoursBetween, median, quantile } from './stats';

/** An alert the period touches: fired, acknowledged or resolved in it. */
export interface AlertTimes {
  firedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** The first thing anyone did on it (acknowledge, snooze, assign, follow-up, resolve). */
  firstTouchAt: Date | null;
}

export interface AlertFigures {
  opened: number;
  acknowledged: number;
  resolved: number;
  /** Hours from firing to acknowledgement, over alerts fired in the period. */
  ackMedianHours: number | null;
  ackP90Hours: number | null;
  /** Hours from firing to the first action of anyone, over alerts fired in the period. */
  firstTouchMedianHours: number | null;
  /** Alerts fired in the period nobody has acknowledged (or resolved) yet. */
  unacknowledged: number;
}

const within = (at: Date | null, from: Date, to: Date) =>
  at !== null && at.getTime() >= from.getTime() && at.getTime() < to.getTime();

/**
 * Counts and response times for [from, to). An alert resolved without an acknowledgement
 * counts as acknowledged when it was resolved: resolving is the strongest acknowledgement.
 */
export function alertFigures(alerts: readonly AlertTimes[], from: Date, to: Date): AlertFigures {
  const fired = alerts.filter((a) => within(a.firedAt, from, to));
  const ackOf = (a: AlertTimes) => a.acknowledgedAt ?? a.resolvedAt;
  const ackHours = fired.flatMap((a) => {
    const ack = ackOf(a);
    return ack ? [hoursBetween(a.firedAt, ack)] : [];
  });
  const touchHours = fired.flatMap((a) =>
    a.firstTouchAt ? [hoursBetween(a.firedAt, a.firstTouchAt)] : [],
  );
  return {
    opened: fired.length,
    acknowledged: alerts.filter((a) => within(ackOf(a), from, to)).length,
    resolved: alerts.filter((a) => within(a.resolvedAt, from, to)).length,
    ackMedianHours: median(ackHours),
    ackP90Hours: quantile(ackHours, 0.9),
    firstTouchMedianHours: median(touchHours),
    unacknowledged: fired.length - ackHours.length,
  };
}
