import type { MessageKey } from '../cards/i18n/t';
import type { AccountChoice } from '../cards/views';
import type { Account } from '../db/tables/accounts';
import { closest } from '../domain/fuzzy';
import { hasHan } from '../domain/han';
import {
  type AccountName,
  accountOwnerEmails,
  allAccountNames,
  findExact,
  findPartial,
  getAccount,
} from '../store/accounts';
import { getAlert } from '../store/alerts';
import type { AppContext } from './context';
import { userError } from './user-error';

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
 * The one account an admin command (export, purge) acts on, or a refusal worded by the
 * caller's keys: several matches list their ids, none says so (exit 2, a usage mistake).
 */
export async function oneAccountOrRefuse(
  ctx: AppContext,
  query: string,
  refusals: { several: MessageKey; none: MessageKey },
): Promise<Account> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'found') return found.account;
  throw found.kind === 'ambiguous'
    ? userError(
        'account_not_found',
        refusals.several,
        { n: found.matches.length, ids: found.matches.map((m) => m.externalId).join(', ') },
        2,
      )
    : userError('account_not_found', refusals.none, {}, 2);
}

/**
 * Finds the account a person means: an exact external id, name or domain wins; otherwise a
 * single partial match; then a Chinese name by its pinyin ("alibaba", "albb" → 阿里巴巴);
 * several → the choices; none → the closest names, pinyin included ("did you mean").
 */
export async function lookupAccount(ctx: AppContext, query: string): Promise<AccountLookup> {
  const q = query.trim();
  if (q === '') return { kind: 'none', query: q, suggestions: [] };
  const remembered = await lookupInMemory(ctx, q);
  if (remembered) return { kind: 'found', account: remembered };
  const exact = await findExact(ctx.db, q);
  if (exact.length === 1) return { kind: 'found', account: exact[0]! };
  if (exact.length > 1) return { kind: 'ambiguous', matches: exact.map(choice) };
  const partial = await findPartial(ctx.db, q, MAX_CHOICES + 1);
  if (partial.length === 1) return { kind: 'found', account: partial[0]! };
  if (partial.length > 1)
    return { kind: 'ambiguous', matches: partial.slice(0, MAX_CHOICES).map(choice) };
  const names = await allAccountNames(ctx.db);
  // pinyin-pro loads on the first lookup that has Chinese names to match (~17 MB otherwise idle).
  const { pinyinMatch, pinyinOf } = names.some((n) => hasHan(n.name))
    ? await import('../domain/pinyin-names')
    : { pinyinMatch: () => null, pinyinOf: (name: string) => name };
  const byPinyin = pinyinMatches(q, names, pinyinMatch);
  if (byPinyin.length === 1) {
    const account = await getAccount(ctx.db, byPinyin[0]!.id);
    if (account) return { kind: 'found', account };
  }
  if (byPinyin.length > 1) {
    return { kind: 'ambiguous', matches: byPinyin.slice(0, MAX_CHOICES).map(choice) };
  }
  const near = closest(q, names, (a) => [
    a.name,
    a.domain ?? '',
    a.external_id,
    ...(hasHan(a.name) ? [pinyinOf(a.name)] : []),
  ]);
  return { kind: 'none', query: q, suggestions: near.map(choice) };
}

/**
 * The one account the in-memory index names for `q` (account row from the card cache when
 * there), or null to ask the database: no index, no match (an account added a moment ago may
 * not have notified yet; the database also finds the suggestions) or several (the database
 * orders the choices by its collation, as it always did).
 */
async function lookupInMemory(ctx: AppContext, q: string): Promise<Account | null> {
  const found = await ctx.accountIndex?.match(ctx.db, q, 2);
  if (!found) return null;
  const { exact, partial } = found;
  const hits = exact.length > 0 ? exact : partial;
  const only = hits.length === 1 ? hits[0] : undefined;
  if (!only) return null;
  return ctx.cardCache?.get(only.id)?.account ?? (await getAccount(ctx.db, only.id)) ?? null;
}

/** The account a button's value names (it may have been purged since the card was posted). */
export function accountById(ctx: AppContext, id: number): Promise<Account | undefined> {
  return getAccount(ctx.db, id);
}

/** The account an alert is about: where "Log follow-up" on an alert card opens its form. */
export async function accountOfAlert(
  ctx: AppContext,
  alertId: number,
): Promise<Account | undefined> {
  const alert = await getAlert(ctx.db, alertId);
  return alert && getAccount(ctx.db, alert.account_id);
}

/** Who owns accounts (the local workspace's people: the demo's CSMs). */
export function accountOwners(ctx: AppContext, limit: number): Promise<string[]> {
  return accountOwnerEmails(ctx.db, limit);
}

/** Chinese names the query spells in pinyin: whole-name matches if any, else name starts. */
function pinyinMatches(
  query: string,
  names: AccountName[],
  pinyinMatch: (query: string, name: string) => 'whole' | 'start' | null,
): AccountName[] {
  const whole: AccountName[] = [];
  const start: AccountName[] = [];
  for (const n of names) {
    const m = pinyinMatch(query, n.name);
    if (m === 'whole') whole.push(n);
    else if (m === 'start') start.push(n);
  }
  const found = whole.length > 0 ? whole : start;
  return found.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
