import type { Clock } from '../clock';
import type { Config } from '../config';
import type { DB } from '../db/schema';
import type { ChannelInspectors } from '../domain/external-channels';
import { dayIn } from '../domain/time-zone';
import type { Logger } from '../log';
import type { AccountIndex } from './account-index';
import type { CardCache } from './card-cache';

/**
 * What a use case needs from the world. Built once by the composition root (or a test, with a
 * real database and a fixed clock) and passed in: use cases never reach for globals.
 */
export interface AppContext {
  db: DB;
  config: Config;
  clock: Clock;
  log: Logger;
  /**
   * Per platform, how to ask whether a channel is shared outside the organisation (set by the
   * composition root for the platforms it runs; none: nothing is checked).
   */
  channels?: ChannelInspectors;
  /** Account cards from memory, kept coherent by NOTIFY (see card-cache.ts); optional. */
  cardCache?: CardCache;
  /** The account lookup index in memory, kept by the same feed; optional. */
  accountIndex?: AccountIndex;
}

/** The team's calendar day at an instant (settings.timezone): what "today" means to jobs. */
export function localDay(ctx: AppContext, at: Date): string {
  return dayIn(at, ctx.config.settings.timezone);
}
