import { describe, expect, it } from 'vitest';
import { type CachedCard, CardCache } from '../../src/app/card-cache';

const card = (id: number) => ({ account: { id }, data: {} }) as unknown as CachedCard;

describe('card cache', () => {
  it('serves nothing until its change feed is up, and empties when it goes down', () => {
    const cache = new CardCache(10);
    cache.set(1, card(1), cache.stamp());
    expect(cache.get(1)).toBeUndefined();
    cache.feed.up();
    cache.set(1, card(1), cache.stamp());
    expect(cache.get(1)).toBeDefined();
    cache.feed.down();
    expect(cache.size).toBe(0);
    expect(cache.serving).toBe(false);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new CardCache(2);
    cache.feed.up();
    cache.set(1, card(1), cache.stamp());
    cache.set(2, card(2), cache.stamp());
    cache.get(1);
    cache.set(3, card(3), cache.stamp());
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBeDefined();
    expect(cache.get(3)).toBeDefined();
  });

  it('drops the ids a notification names, everything on "*", and refuses reads older than it', () => {
    const cache = new CardCache(10);
    cache.feed.up();
    for (const id of [1, 2, 3]) cache.set(id, card(id), cache.stamp());
    cache.invalidate('1,3');
    expect([1, 2, 3].map((id) => cache.get(id) !== undefined)).toEqual([false, true, false]);
    const stamp = cache.stamp();
    cache.invalidate('9');
    // Read before the notification: it may be the old data, so it is not stored.
    cache.set(1, card(1), stamp);
    expect(cache.get(1)).toBeUndefined();
    cache.invalidate('*');
    expect(cache.size).toBe(0);
  });
});
