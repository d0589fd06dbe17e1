import { shortDay } from '../dates';
import { plural } from '../health/scale';
import { type Rule, says } from './model';

/**
 * An account past its tier's touch cadence with no touchpoint logged. The condition key is the
 * last touch: a touch ends the condition, and the account falling behind again is a new one.
 */
export const touchOverdue: Rule<'touch_overdue'> = (f) => {
  const c = f.checkIn;
  if (!c) return null;
  const since = c.lastTouchOn ? `since ${shortDay(c.lastTouchOn)}` : 'logged yet';
  return {
    rule: 'touch_overdue',
    severity: 'info',
    summary: `check-in due: no touch ${since} (every ${plural(c.cadenceDays, 'day')} for its tier)`,
    args: c.lastTouchOn
      ? says({ key: 'touchOverdue', day: c.lastTouchOn, days: c.cadenceDays })
      : says({ key: 'touchOverdueNever', days: c.cadenceDays }),
    conditionKey: `touch:${c.lastTouchOn ?? 'never'}`,
    details: {
      cadenceDays: c.cadenceDays,
      lastTouchOn: c.lastTouchOn,
      overdueDays: c.overdueDays,
    },
  };
};
