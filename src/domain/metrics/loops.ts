import { percent } from './stats';

/** A survey loop whose clock ran out in the period. */
export interface LoopTimes {
  dueAt: Date;
  closedAt: Date | null;
}

export interface LoopFigures {
  /** Loops whose clock ended in the period (and has ended by now). */
  due: number;
  closedOnTime: number;
  /** closedOnTime / due, in percent; null when no loop was due. */
  onTimeRate: number | null;
}

/**
 * Loops closed on time: of the loops whose clock ran out in [from, to) and before now, the
 * share closed (any outcome) by their clock. A loop still within its clock is not counted yet.
 */
export function loopFigures(
  loops: readonly LoopTimes[],
  from: Date,
  to: Date,
  now: Date,
): LoopFigures {
  const end = Math.min(to.getTime(), now.getTime());
  const due = loops.filter((l) => l.dueAt.getTime() >= from.getTime() && l.dueAt.getTime() < end);
  const onTime = due.filter(
    (l) => l.closedAt !== null && l.closedAt.getTime() <= l.dueAt.getTime(),
  );
  return {
    due: due.length,
    closedOnTime: onTime.length,
    onTimeRate: percent(onTime.length, due.length),
  };
}
