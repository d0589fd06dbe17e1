import type { ChangeHandlers } from '../db/change-feed';
import type { DB } from '../db/schema';
import { accountNamesByIds } from '../store/account-index';
import type { AccountName } from '../store/accounts';
import { ACCOUNTS_PREFIX } from './card-cache';

export interface IndexEntry extends AccountName {
  lowerName: string;
  lowerDomain: string | null;
}

/**
 * The account lookup index in memory: every account's name, domain and external id, so
 * `/health <name>` finds its account without a query. Kept by the same NOTIFY feed as the
 * card cache: a change to accounts rows ('a:' ids) marks those ids dirty and the next lookup
 * reloads just them ('a:*': everything). Like the card cache it serves only while the feed is
 * up; a lost LISTEN turns it off (lookups go to the database) until it is back and reloaded.
 */
export class AccountIndex {
  private readonly entries = new Map<number, IndexEntry>();
  private live = false;
  private loaded = false;
  private dirty = new Set<number>();
  private dirtyAll = true;

  readonly feed = {
    message: (payload: string) => {
      if (!payload.startsWith(ACCOUNTS_PREFIX)) return;
      const ids = payload.slice(ACCOUNTS_PREFIX.length);
      if (ids === '*') {
        this.dirtyAll = true;
        return;
      }
      for (const part of ids.split(',')) {
        const id = Number(part);
        if (Number.isSafeInteger(id)) this.dirty.add(id);
        else this.dirtyAll = true;
      }
    },
    up: () => {
      this.dirtyAll = true;
      this.live = true;
    },
    down: () => {
      this.live = false;
      this.loaded = false;
      this.entries.clear();
      this.dirty.clear();
      this.dirtyAll = true;
    },
  };

  get serving(): boolean {
    return this.live;
  }

  /**
   * The index, current as of the notifications received so far; null when it cannot be
   * trusted (feed down, or changes kept arriving while it reloaded): then ask the database.
   */
  async current(db: DB): Promise<readonly IndexEntry[] | null> {
    for (let round = 0; round < 3; round++) {
      if (!this.live) return null;
      if (!this.dirtyAll && this.dirty.size === 0 && this.loaded) return [...this.entries.values()];
      // Taken before the read: a notification arriving meanwhile marks its ids again.
      const all = this.dirtyAll;
      const ids = [...this.dirty];
      this.dirtyAll = false;
      this.dirty = new Set();
      try {
        const rows = await accountNamesByIds(db, all ? 'all' : ids);
        if (all) this.entries.clear();
        else for (const id of ids) this.entries.delete(id);
        for (const r of rows) this.entries.set(r.id, entryOf(r));
        this.loaded = true;
      } catch (error) {
        this.dirtyAll = true;
        throw error;
      }
    }
    return null;
  }
}

function entryOf(r: AccountName): IndexEntry {
  return { ...r, lowerName: r.name.toLowerCase(), lowerDomain: r.domain?.toLowerCase() ?? null };
}

/** The index's answer to a query, by the rules of findExact and findPartial. */
export function matchIndex(
  entries: readonly IndexEntry[],
  query: string,
  limit: number,
): { exact: IndexEntry[]; partial: IndexEntry[] } {
  const raw = query.trim();
  const q = raw.toLowerCase();
  const exact = entries.filter(
    (e) => e.external_id === raw || e.lowerName === q || e.lowerDomain === q,
  );
  if (exact.length > 0) return { exact, partial: [] };
  const partial = entries.filter(
    (e) => e.lowerName.includes(q) || e.lowerDomain?.startsWith(q) === true,
  );
  const prefix = (e: IndexEntry) => (e.lowerName.startsWith(q) ? 0 : 1);
  partial.sort((a, b) => prefix(a) - prefix(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { exact, partial: partial.slice(0, limit) };
}

/** One change feed for both in-memory stores of a process (one LISTEN connection). */
export function memoryFeed(
  stores: { feed: ChangeHandlers }[],
  onLost: (reason: string) => void = () => {},
): ChangeHandlers {
  return {
    message: (payload) => {
      for (const s of stores) s.feed.message(payload);
    },
    up: () => {
      for (const s of stores) s.feed.up();
    },
    down: (reason) => {
      for (const s of stores) s.feed.down(reason);
      if (reason !== 'stopped') onLost(reason);
    },
  };
}
