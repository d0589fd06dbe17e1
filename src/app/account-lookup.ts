import type { Account } from '../db/tables/accounts';
import { closest } from '../domain/fuzzy';
import { allAccountNames, findExact, findPartial } from '../store/accounts';
import type { AppContext } from './context';

export interface AccountChoice {
  id: number;
  name: string;
  domain: string | null;
  externalId: string;
}

export type AccountLookup =
  | { kind: 'found'; account: Account }
  | { kind: 'ambiguous'; matches: AccountChoice[] }
  | { kind: 'none'; query: string; suggestions: AccountChoice[] };

const MAX_CHOICES = 10;

const choice = (a: {
  id: number;
  name: string;
  domain: string | null;
  external_id: string;
}): AccountChoice => ({ id: a.id, name: a.name, domain: a.domain, externalId: a.external_id });

/**
 * Finds the account a person means: an exact external id, name or domain wins; otherwise a
 * single partial match; several → the choices; none → the closest names ("did you mean").
 */
export async function lookupAccount(ctx: AppContext, query: string): Promise<AccountLookup> {
  const q = query.trim();
  if (q === '') return { kind: 'none', query: q, suggestions: [] };
  const exact = await findExact(ctx.db, q);
  if (exact.length === 1) return { kind: 'found', account: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', matches: exact.map(choice) };
  const partial = await findPartial(ctx.db, q, MAX_CHOICES + 1);
  if (partial.length === 1) return { kind: 'found', account: partial[0]! };
  if (partial.length > 1)
    return { kind: 'ambiguous', matches: partial.slice(0, MAX_CHOICES).map(choice) };
  const names = await allAccountNames(ctx.db);
  const near = closest(q, names, (a) => [a.name, a.domain ?? '', a.external_id]);
  return { kind: 'none', query: q, suggestions: near.map(choice) };
}
