import { type DayRange, dayInRange } from './period';

export interface FollowUpDays {
  dueOn: string | null;
  /** The day it was done, in the team's time zone. */
  doneOn: string | null;
}

export interface FollowUpFigures {
  /** Follow-ups done in the period. */
  done: number;
  /** Follow-ups due in the period (before today) not done by their due day. */
  overdue: number;
}

/**
 * Done: completed on a day in the period. Overdue: due on a day in the period that is over
 * (before today) and not done by the end of that day, whether done late or still open.
 */
export function followUpFigures(
  rows: readonly FollowUpDays[],
  range: DayRange,
  today: string,
): FollowUpFigures {
  let done = 0;
  let overdue = 0;
  for (const r of rows) {
    if (r.doneOn !== null && dayInRange(r.doneOn, range)) done++;
    if (r.dueOn !== null && dayInRange(r.dueOn, range) && r.dueOn < today) {
      if (r.doneOn === null || r.doneOn > r.dueOn) overdue++;
    }
  }
  return { done, overdue };
}
