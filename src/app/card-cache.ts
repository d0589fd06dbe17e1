import type { Card } from '../cards/model';
import type { Account } from '../db/tables/accounts';
import type { Locale } from '../domain/locale';
import type { AccountCardData } from '../store/account-card-data';

/** The NOTIFY channel the card triggers (migration 0060) send changed account ids on. */
export const CARD_CHANNEL = 'tend_card';

/** Marks a notification about accounts rows themselves (the lookup index listens for these). */
export const ACCOUNTS_PREFIX = 'a:';

export interface CachedCard {
  account: Account;
  data: AccountCardData;
  /**
   * The card built from them, for the day it was built on (days left and the trend move with
   * the day, nothing else does): a busy account's card is built once a day, not per request.
   * Cards are values nobody changes after building.
   */
  built?: { day: string; locale: Locale; card: Card };
}

/**
 * Account cards from memory: the account row and the card's data by account id, in a bounded
 * LRU. Correctness never depends on it. It serves only while its change feed is up (a lost
 * LISTEN connection empties it and turns it off until LISTEN is back, since notifications in
 * between are lost); every notification drops the ids it names ('*': everything); and a value
 * read before an invalidation arrived is not stored (the epoch check), so a slow read cannot
 * put back what a change just removed.
 */
export class CardCache {
  private readonly entries = new Map<number, CachedCard>();
  private live = false;
  private epoch = 0;
  /** Lookups answered from memory and not, since start (for /metrics and the benchmarks). */
  hits = 0;
  misses = 0;

  constructor(readonly maxEntries = 5000) {}

  /** The change feed's handlers (see DatabaseHandle.listen). */
  readonly feed = {
    message: (payload: string) => this.invalidate(payload),
    up: () => {
      this.clear();
      this.live = true;
    },
    down: () => {
      this.live = false;
      this.clear();
    },
  };

  get serving(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  get(accountId: number): CachedCard | undefined {
    if (!this.live) return undefined;
    const hit = this.entries.get(accountId);
    if (!hit) this.misses++;
    else {
      this.hits++;
      // Most recently used goes last: eviction takes from the front.
      this.entries.delete(accountId);
      this.entries.set(accountId, hit);
    }
    return hit;
  }

  /** Take before reading from the database; pass to set() with what was read. */
  stamp(): number {
    return this.epoch;
  }

  set(accountId: number, value: CachedCard, stamp: number): void {
    if (!this.live || stamp !== this.epoch) return;
    this.entries.delete(accountId);
    this.entries.set(accountId, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** A tend_card payload: account ids, comma-separated, or '*'; 'a:' marks accounts rows. */
  invalidate(message: string): void {
    this.epoch++;
    const payload = message.startsWith(ACCOUNTS_PREFIX) ? message.slice(2) : message;
    if (payload === '*') {
      this.entries.clear();
      return;
    }
    for (const part of payload.split(',')) {
      const id = Number(part);
      if (Number.isSafeInteger(id)) this.entries.delete(id);
      else this.entries.clear();
    }
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}
