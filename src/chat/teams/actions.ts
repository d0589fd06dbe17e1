import type { CloudAdapter, TurnContext } from 'botbuilder';
import { accountCardById } from '../../app/account-health';
import { accountById } from '../../app/account-lookup';
import type { ChatIdentity } from '../../app/chat-users';
import type { AppContext } from '../../app/context';
import {
  completeFollowUp,
  followUpsOfAccount,
  logFollowUp,
  myFollowUps,
} from '../../app/follow-ups';
import { listPage } from '../../app/list-pages';
import { sharedAccountCard } from '../../app/shared-card';
import { ACTIONS, type ActionId, type ActionValue } from '../../cards/actions';
import { followUpLoggedCard } from '../../cards/follow-ups-card';
import { t } from '../../cards/i18n/t';
import type { Card } from '../../cards/model';
import { isIsoDay } from '../../domain/dates';
import { type Locale, normalizeLocale } from '../../domain/locale';
import { type ActionDataIn, followUpForm } from './action-data';
import { conversationKey, kindOf } from './activity';
import { ALERT_HANDLERS } from './alert-actions';
import { followUpFormCard } from './follow-up-form';
import { LOOP_HANDLERS } from './loop-actions';
import { PLAN_HANDLERS } from './plan-actions';
import { PLAYBOOK_HANDLERS } from './playbook-actions';
import { RENEWAL_HANDLERS } from './renewal-actions';
import { REVIEW_HANDLERS } from './review-actions';
import { ROUTING_HANDLERS } from './routing-actions';
import { createTeamsSender } from './sender';

/** What a click leads to: a card in place of the clicked one, a new message, or a short note. */
export interface ActionOutcome {
  replace?: Card;
  post?: Card;
  note?: string;
}

export interface ActionInput {
  ctx: AppContext;
  turn: TurnContext;
  data: ActionDataIn;
  who: ChatIdentity;
  /** The clicker's language: the activity's locale, else their profile's, else the default. */
  locale: Locale;
}

/** A verb's handler gets the value already checked with the verb's schema (cards/actions.ts). */
export type Handler<V extends ActionId> = (
  input: ActionInput,
  value: ActionValue<V>,
) => Promise<ActionOutcome>;

const withNote = (card: Card, note: string): Card => ({
  ...card,
  blocks: [{ type: 'status', text: [{ text: note }] }, ...card.blocks],
});

/** Pick / Open: the account's card posted below; the list stays for the next pick. */
const pickAccount: Handler<'account.pick'> = async ({ ctx, turn, who }, v) => ({
  post: await accountCardById(
    ctx,
    v.accountId,
    normalizeLocale(turn.activity.locale) ?? who.locale ?? undefined,
  ),
});

/**
 * In a channel the card is rewritten as shared. In the personal chat, a card that came from a
 * channel (see private-reply.ts) is posted there as a new post; the private copy says so.
 */
const shareCard: Handler<'card.share'> = async ({ ctx, turn, who, locale }, v) => {
  if (kindOf(turn.activity) !== 'personal') {
    return {
      replace: await sharedAccountCard(ctx, v.accountId, who.name, false, {
        platform: 'teams',
        channelId: conversationKey(turn.activity),
      }),
    };
  }
  const target = v.teamsChannel;
  if (!target) {
    return { note: t(locale, 'click.shareHow') };
  }
  try {
    await createTeamsSender(ctx, turn.adapter as CloudAdapter).post(
      target,
      await sharedAccountCard(ctx, v.accountId, who.name, false, {
        platform: 'teams',
        channelId: target,
      }),
    );
  } catch (error) {
    ctx.log.warn({ err: error, target }, 'teams: could not share a card');
    return { note: t(locale, 'click.cannotPost') };
  }
  return {
    replace: withNote(await accountCardById(ctx, v.accountId, locale), t(locale, 'click.shared')),
  };
};

/** "Show next" under a list: the next page posted below; the list stays. */
const showListPage: Handler<'list.page'> = async ({ ctx, turn, who }, v) => ({
  post: await listPage(
    ctx,
    v,
    who,
    normalizeLocale(turn.activity.locale) ?? who.locale ?? undefined,
  ),
});

/** Refresh on a shared card: the same card with today's figures, saying who refreshed it. */
const refreshCard: Handler<'card.refresh'> = async ({ ctx, turn, who }, v) => ({
  replace: await sharedAccountCard(ctx, v.accountId, who.name, true, {
    platform: 'teams',
    channelId: conversationKey(turn.activity),
  }),
});

/** The button shows the form; the form's Save (its value carries the form id) records. */
const logFollowUpClick: Handler<'followup.log'> = async ({ ctx, data, who, locale }, v) => {
  const form = followUpForm.safeParse(data);
  if (!v.form || !form.success || form.data.title === undefined) {
    const account = await accountById(ctx, v.accountId);
    if (!account) return { note: t(locale, 'account.gone') };
    return { replace: followUpFormCard(account, locale) };
  }
  const due = form.data.due?.trim() || null;
  if (due && !isIsoDay(due)) return { note: t(locale, 'click.pickDueFromCalendar') };
  const logged = await logFollowUp(ctx, {
    accountId: v.accountId,
    title: form.data.title,
    dueOn: due,
    ownerEmail: who.email,
    createdBy: who.email ?? `teams:${who.id}`,
    source: 'teams',
    requestKey: `teams:form:${v.form}`,
  });
  const f = logged.followUp;
  const row = {
    title: f.title,
    dueOn: f.due_on,
    ownerEmail: f.owner_email,
    accountName: logged.accountName,
  };
  return { replace: followUpLoggedCard(row, logged.created, locale) };
};

const showFollowUps: Handler<'followup.list'> = async ({ ctx, locale }, v) => ({
  post: await followUpsOfAccount(ctx, v.accountId, locale),
});

const followUpDone: Handler<'followup.done'> = async ({ ctx, who, locale }, v) => {
  const done = await completeFollowUp(ctx, v.followUpId, who.email ?? `teams:${who.id}`);
  const f = done.followUp;
  const note = done.changed
    ? t(locale, 'click.followUpDone', { title: f.title })
    : t(locale, 'click.followUpAlreadyDone', { title: f.title, by: f.done_by ?? 'none' });
  let card: Card;
  if (v.list === 'account') card = await followUpsOfAccount(ctx, f.account_id, locale);
  else if (who.email) card = await myFollowUps(ctx, who.email, undefined, 0, locale);
  else card = { title: t(locale, 'click.followUpTitle'), fallback: note, blocks: [], locale };
  return { replace: withNote(card, note) };
};

export type Handlers = { [V in ActionId]?: Handler<V> };

/** Handlers by verb (= Slack action_id): every verb of cards/actions.ts but Slack's modals. */
export const HANDLERS: Handlers = {
  ...ALERT_HANDLERS,
  ...RENEWAL_HANDLERS,
  ...LOOP_HANDLERS,
  ...REVIEW_HANDLERS,
  ...PLAN_HANDLERS,
  ...ROUTING_HANDLERS,
  ...PLAYBOOK_HANDLERS,
  [ACTIONS.pickAccount]: pickAccount,
  [ACTIONS.shareCard]: shareCard,
  [ACTIONS.refreshCard]: refreshCard,
  [ACTIONS.listPage]: showListPage,
  [ACTIONS.logFollowUp]: logFollowUpClick,
  [ACTIONS.showFollowUps]: showFollowUps,
  [ACTIONS.followUpDone]: followUpDone,
};
