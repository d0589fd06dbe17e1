import type { ChartSpec } from '../cards/model';
import type { Locale } from '../domain/locale';
import { type ChartImage, chartsFor } from './charts';
import { type AppContext, localDay } from './context';
import { perDatabase } from './per-database';

/**
 * Drawing a chart costs about 100 ms of CPU on the event loop (resvg is synchronous), while
 * what it shows changes once a day (scores) or slowly (bands, time to acknowledge). Without
 * this, every `/health` drew its picture again and the server answered a tenth as many
 * requests. Pictures are kept per database, day, language and spec for a few minutes (a
 * picture's words are in its reader's language), and concurrent
 * asks for the same picture share one drawing.
 */
const FRESH_MS = 10 * 60 * 1000;
// A picture is 7–11 KB: a thousand of them is about 10 MB at most.
const MAX_ENTRIES = 1000;

interface Entry {
  at: number;
  images: Promise<ChartImage[]>;
}

const cacheOf = perDatabase(() => new Map<string, Entry>());

/** A picture set's identity: the spec and the language its words are in. */
export function specKey(spec: ChartSpec, locale: Locale = 'en'): string {
  return `${locale}|${JSON.stringify(spec)}`;
}

export function cachedCharts(
  ctx: AppContext,
  spec: ChartSpec,
  locale: Locale = 'en',
): Promise<ChartImage[]> {
  const cache = cacheOf(ctx.db);
  const now = ctx.clock.now();
  const key = `${localDay(ctx, now)}|${specKey(spec, locale)}`;
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < FRESH_MS) {
    // Most recently used last, so the oldest is evicted first.
    cache.delete(key);
    cache.set(key, hit);
    return hit.images;
  }
  const images = chartsFor(ctx, spec, locale);
  cache.set(key, { at: now.getTime(), images });
  // A failed drawing is not kept: the next ask tries again.
  images.catch(() => cache.delete(key));
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return images;
}
