import { z } from 'zod';

/** What a channel subscription narrows to; every field optional, all must match. */
export const subscriptionFiltersSchema = z
  .object({
    segment: z.string().min(1).optional(),
    tier: z.string().min(1).optional(),
    /** The owner's e-mail (chat mentions are resolved to e-mail before they are stored). */
    owner: z.string().min(1).optional(),
    minArr: z.number().min(0).optional(),
  })
  .strict();
export type SubscriptionFilters = z.infer<typeof subscriptionFiltersSchema>;

export interface FilterableAccount {
  segment: string | null;
  tier: string | null;
  owner_email: string | null;
  arr: number | null;
}

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();

export function matchesFilters(account: FilterableAccount, f: SubscriptionFilters): boolean {
  if (f.segment !== undefined && !same(account.segment, f.segment)) return false;
  if (f.tier !== undefined && !same(account.tier, f.tier)) return false;
  if (f.owner !== undefined && !same(account.owner_email, f.owner)) return false;
  if (f.minArr !== undefined && (account.arr ?? 0) < f.minArr) return false;
  return true;
}

/** Stored filters are read back through the schema; anything unknown means "no filter". */
export function parseFilters(value: unknown): SubscriptionFilters {
  const parsed = subscriptionFiltersSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

export function describeFilters(f: SubscriptionFilters): string {
  const parts = [
    f.segment && `segment=${f.segment}`,
    f.tier && `tier=${f.tier}`,
    f.owner && `owner=${f.owner}`,
    f.minArr !== undefined && `min_arr=${f.minArr}`,
  ].filter(Boolean);
  return parts.length === 0 ? 'all accounts' : parts.join(' ');
}

/**
 * Many filters over one list of accounts (a digest run): values are lower-cased and grouped
 * once, so a filter starts from its narrowest group instead of testing every account.
 * `scope(f)` gives the positions of the matching accounts, ascending.
 */
export function filterIndex(accounts: FilterableAccount[]) {
  const groups = (value: (a: FilterableAccount) => string | null) => {
    const byValue = new Map<string, number[]>();
    const lower: (string | null)[] = [];
    accounts.forEach((a, i) => {
      const v = value(a)?.toLowerCase() ?? null;
      lower.push(v);
      if (v === null) return;
      const list = byValue.get(v);
      if (list) list.push(i);
      else byValue.set(v, [i]);
    });
    return { byValue, lower };
  };
  const fields = {
    segment: groups((a) => a.segment),
    tier: groups((a) => a.tier),
    owner: groups((a) => a.owner_email),
  };
  const arr = Float64Array.from(accounts, (a) => a.arr ?? 0);
  const everyone = Int32Array.from(accounts, (_, i) => i);
  return (f: SubscriptionFilters): Int32Array => {
    const wanted = (['segment', 'tier', 'owner'] as const)
      .filter((k) => f[k] !== undefined)
      .map((k) => ({ lower: fields[k].lower, value: (f[k] as string).toLowerCase(), k }));
    let from: ArrayLike<number> = everyone;
    for (const w of wanted) {
      const group = fields[w.k].byValue.get(w.value) ?? [];
      if (group.length < from.length) from = group;
    }
    const minArr = f.minArr ?? Number.NEGATIVE_INFINITY;
    const out = new Int32Array(from.length);
    let n = 0;
    // A plain loop: this runs over up to the whole portfolio for every distinct filter.
    next: for (let j = 0; j < from.length; j++) {
      const i = from[j] as number;
      if ((arr[i] as number) < minArr) continue;
      for (let k = 0; k < wanted.length; k++) {
        const w = wanted[k] as (typeof wanted)[number];
        if (w.lower[i] !== w.value) continue next;
      }
      out[n++] = i;
    }
    return out.subarray(0, n);
  };
}
