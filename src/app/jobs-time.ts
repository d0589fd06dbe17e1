import { dayIn } from '../domain/time-zone';
import type { AppContext } from './context';

/** The team's calendar day at an instant (settings.timezone): what "today" means to jobs. */
export function localDay(ctx: AppContext, at: Date): string {
  return dayIn(at, ctx.config.settings.timezone);
}
