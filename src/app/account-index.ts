import type { ChangeHandlers } from '../db/change-feed';
import type { DB } from '../db/schema';
import { accountNamesByIds } from '../store/account-index';
import type { AccountName } from '../store/accounts';
import { ACCOUNTS_PREFIX } from './card-cache';

export interface IndexEntry extends AccountName {
  lowerName: string;
  lowerDomain: string | null;
}

/** The index's answer to a query, by the rules of findExact and findPartial. */
export interface IndexMatch {
  exact: IndexEntry[];
  partial: IndexEntry[];
}

/**
 * The account lookup index in memory: every account's name, domain and external id, so
 * `/health <name>` finds its account without a query. An exact name, domain or id is a hash
 * look-up (the common case, and O(1) at any number of accounts); only a partial name scans.
 * Kept by the same NOTIFY feed as the card cache: a change to accounts rows ('a:' ids) marks
 * those ids dirty and the next lookup reloads just them ('a:*': everything). Like the card
 * cache it serves only while the feed is up; a lost LISTEN turns it off (lookups go to the
 * database) until it is back and reloaded.
 */
export class AccountIndex {
  private readonly entries = new Map<number, IndexEntry>();
  private readonly byExternalId = new Map<string, Set<number>>();
  private readonly byName = new Map<string, Set<number>>();
  private readonly byDomain = new Map<string, Set<number>>();
  private live = false;
  private loaded = false;
  private dirty = new Set<number>();
  private dirtyAll = true;
  /** One reload at a time: 32 requests arriving together share it instead of each reading. */
  private reloading: Promise<void> | null = null;

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
      this.clear();
      this.dirty.clear();
      this.dirtyAll = true;
    },
  };

  get serving(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The index's answer for `query`, current as of the notifications received so far; null
   * when it cannot be trusted (feed down, or changes kept arriving while it reloaded): then
   * ask the database.
   */
  async match(db: DB, query: string, limit: number): Promise<IndexMatch | null> {
    if (!(await this.current(db))) return null;
    const raw = query.trim();
    const q = raw.toLowerCase();
    const ids = new Set<number>();
    for (const hit of [this.byExternalId.get(raw), this.byName.get(q), this.byDomain.get(q)]) {
      for (const id of hit ?? []) ids.add(id);
    }
    if (ids.size > 0) {
      const exact = [...ids].sort((a, b) => a - b).map((id) => this.entries.get(id)!);
      return { exact, partial: [] };
    }
    const partial: IndexEntry[] = [];
    for (const e of this.entries.values()) {
      if (e.lowerName.includes(q) || e.lowerDomain?.startsWith(q) === true) partial.push(e);
    }
    const prefix = (e: IndexEntry) => (e.lowerName.startsWith(q) ? 0 : 1);
    partial.sort(
      (a, b) => prefix(a) - prefix(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    return { exact: [], partial: partial.slice(0, limit) };
  }

  /** Whether the index is loaded and has no pending change (reloading what is marked). */
  private async current(db: DB): Promise<boolean> {
    for (let round = 0; round < 3; round++) {
      if (!this.live) return false;
      if (!this.dirtyAll && this.dirty.size === 0 && this.loaded) return true;
      this.reloading ??= this.reload(db).finally(() => {
        this.reloading = null;
      });
      await this.reloading;
    }
    return false;
  }

  private async reload(db: DB): Promise<void> {
    // Taken before the read: a notification arriving meanwhile marks its ids again.
    const all = this.dirtyAll || !this.loaded;
    const ids = [...this.dirty];
    this.dirtyAll = false;
    this.dirty = new Set();
    try {
      const rows = await accountNamesByIds(db, all ? 'all' : ids);
      if (all) this.clear();
      else for (const id of ids) this.remove(id);
      for (const r of rows) this.add(entryOf(r));
      this.loaded = true;
    } catch (error) {
      this.dirtyAll = true;
      throw error;
    }
  }

  private add(e: IndexEntry): void {
    this.remove(e.id);
    this.entries.set(e.id, e);
    put(this.byExternalId, e.external_id, e.id);
    put(this.byName, e.lowerName, e.id);
    if (e.lowerDomain !== null) put(this.byDomain, e.lowerDomain, e.id);
  }

  private remove(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    take(this.byExternalId, e.external_id, id);
    take(this.byName, e.lowerName, id);
    if (e.lowerDomain !== null) take(this.byDomain, e.lowerDomain, id);
  }

  private clear(): void {
    this.entries.clear();
    this.byExternalId.clear();
    this.byName.clear();
    this.byDomain.clear();
  }
}

function put(map: Map<string, Set<number>>, key: string, id: number): void {
  const ids = map.get(key);
  if (ids) ids.add(id);
  else map.set(key, new Set([id]));
}

function take(map: Map<string, Set<number>>, key: string, id: number): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

function entryOf(r: AccountName): IndexEntry {
  return { ...r, lowerName: r.name.toLowerCase(), lowerDomain: r.domain?.toLowerCase() ?? null };
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
