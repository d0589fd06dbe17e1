import { ACCOUNT_CARD_LIST_SIZE, type AccountView, accountCard } from '../cards/account-card';
import { choicesCard, noMatchCard } from '../cards/account-choice-card';
import type { Card } from '../cards/model';
import type { AccountChoice } from '../cards/views';
import type { Account } from '../db/tables/accounts';
import { daysBetween } from '../domain/dates';
import { computeTrend, TREND_WEEKS } from '../domain/health';
import type { Locale } from '../domain/locale';
import { dayIn } from '../domain/time-zone';
import { type AccountCardData, accountCardData } from '../store/account-card-data';
import { getAccount } from '../store/accounts';
import { type AccountHealthView, latestHealthByExternalId } from '../store/ingest-health';
import { progressOf } from '../store/playbooks';
import { lookupAccount } from './account-lookup';
import type { CachedCard } from './card-cache';
import type { AppContext } from './context';
import { defaultLocale } from './languages';
import { userError } from './user-error';

export type HealthAnswer =
  | { kind: 'card'; accountId: number; card: Card }
  | { kind: 'choices'; card: Card; matches: AccountChoice[] }
  | { kind: 'none'; card: Card; suggestions: AccountChoice[] };

/** `/health <query>`: the account's card, or the choices, or "did you mean". */
export async function healthAnswer(
  ctx: AppContext,
  query: string,
  locale: Locale = defaultLocale(ctx),
): Promise<HealthAnswer> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'ambiguous') {
    return {
      kind: 'choices',
      card: choicesCard(query, found.matches, locale),
      matches: found.matches,
    };
  }
  if (found.kind === 'none') {
    const { suggestions } = found;
    return { kind: 'none', card: noMatchCard(query, suggestions, locale), suggestions };
  }
  const card = await accountCardOf(ctx, found.account, locale);
  return {
    kind: 'card',
    accountId: found.account.id,
    // The 12-week score trend as a picture, drawn after the answer (app/charts.ts).
    card: {
      ...card,
      charts: { kind: 'account', accountId: found.account.id, accountName: found.account.name },
    },
  };
}

/** The account card by id (a Pick button, a shared card, a refreshed card). */
export async function accountCardById(
  ctx: AppContext,
  accountId: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const cached = ctx.cardCache?.get(accountId);
  if (cached) return builtCard(ctx, cached, locale);
  const stamp = ctx.cardCache?.stamp() ?? 0;
  const account = await getAccount(ctx.db, accountId);
  if (!account) throw userError('unknown_account', 'account.gone');
  const entry: CachedCard = { account, data: await cardData(ctx, account.id) };
  ctx.cardCache?.set(account.id, entry, stamp);
  return builtCard(ctx, entry, locale);
}

/** The card of an account just read (from the card cache when its row is the same one). */
async function accountCardOf(ctx: AppContext, account: Account, locale: Locale): Promise<Card> {
  const cached = ctx.cardCache?.get(account.id);
  if (cached && sameRow(cached.account, account)) return builtCard(ctx, cached, locale);
  const stamp = ctx.cardCache?.stamp() ?? 0;
  const entry: CachedCard = { account, data: await cardData(ctx, account.id) };
  ctx.cardCache?.set(account.id, entry, stamp);
  return builtCard(ctx, entry, locale);
}

/** The entry's card for today in this language, built at most once a day per entry. */
function builtCard(ctx: AppContext, entry: CachedCard, locale: Locale): Card {
  const today = dayIn(ctx.clock.now(), ctx.config.settings.timezone);
  if (entry.built?.day === today && entry.built.locale === locale) return entry.built.card;
  const card = accountCard(viewOf(entry.account, entry.data, today), locale);
  entry.built = { day: today, locale, card };
  return card;
}

async function cardData(ctx: AppContext, accountId: number): Promise<AccountCardData> {
  // Side by side on a pool: the playbook progress costs no extra round trip of waiting.
  const [data, playbooks] = await Promise.all([
    accountCardData(ctx.db, accountId, TREND_WEEKS * 7 + 7, ACCOUNT_CARD_LIST_SIZE),
    progressOf(ctx.db, accountId),
  ]);
  return { ...data, playbooks };
}

function stageOf(
  account: Account,
  onboarding: boolean,
  daysLeft: number | null,
  scored: boolean,
): AccountView['stage'] {
  if (account.status === 'churned') return 'churned';
  // An account with no data yet is one being set up, whatever its contract says.
  if (onboarding || !scored) return 'onboarding';
  if (daysLeft !== null && daysLeft <= 90) return 'renewal due';
  return 'active';
}

/**
 * The card's view of an account just read. Its card data comes from the card cache when the
 * cached account row is the same one (updated_at and the stale mark agree), else from the
 * database, and is then cached with the row.
 */
export async function accountView(ctx: AppContext, account: Account): Promise<AccountView> {
  const cached = ctx.cardCache?.get(account.id);
  if (cached && sameRow(cached.account, account)) {
    return viewOf(account, cached.data, dayIn(ctx.clock.now(), ctx.config.settings.timezone));
  }
  const stamp = ctx.cardCache?.stamp() ?? 0;
  const data = await cardData(ctx, account.id);
  ctx.cardCache?.set(account.id, { account, data }, stamp);
  return viewOf(account, data, dayIn(ctx.clock.now(), ctx.config.settings.timezone));
}

const sameRow = (a: Account, b: Account) =>
  a.updated_at.getTime() === b.updated_at.getTime() &&
  a.health_stale === b.health_stale &&
  a.status === b.status;

function viewOf(account: Account, data: AccountCardData, today: string): AccountView {
  const { snapshot, history, followUps, alerts, plan } = data;
  const trend = snapshot ? computeTrend(snapshot.day, snapshot.score, history) : null;
  const daysLeft = account.renewal_date ? daysBetween(today, account.renewal_date) : null;
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    externalId: account.external_id,
    segment: account.segment,
    tier: account.tier,
    arr: account.arr,
    owner: account.owner_email,
    stage: stageOf(
      account,
      snapshot?.onboarding ?? false,
      daysLeft,
      (snapshot?.score ?? null) !== null,
    ),
    renewal:
      account.renewal_date && daysLeft !== null ? { date: account.renewal_date, daysLeft } : null,
    health: snapshot
      ? {
          score: snapshot.score,
          band: snapshot.band,
          day: snapshot.day,
          measures: snapshot.measures,
          drivers: snapshot.drivers,
        }
      : null,
    trend,
    followUps: {
      total: followUps.total,
      items: followUps.items.map((f) => ({ text: f.text, due: f.when, owner: f.who })),
    },
    alerts: {
      total: alerts.total,
      items: alerts.items.map((a) => ({ text: a.text, state: a.state, who: a.who, args: a.args })),
    },
    plan: plan
      ? {
          total: plan.total,
          done: plan.done,
          overdue: plan.openDue.filter((d) => d < today).length,
          next: plan.next,
        }
      : null,
    playbooks: data.playbooks ?? [],
  };
}

/** The ingest API's read-back: an account's latest health by the source system's id. */
export function healthByExternalId(
  ctx: AppContext,
  externalId: string,
): Promise<AccountHealthView | null> {
  return latestHealthByExternalId(ctx.db, externalId);
}
