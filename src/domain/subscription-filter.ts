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
