import type { CloudAdapter, TurnContext } from 'botbuilder';
import { accountCardById } from '../../app/account-health';
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
import { ACTIONS } from '../../cards/actions';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { followUpLoggedCard } from '../../cards/follow-ups-card';
import { listPageValue } from '../../cards/list-pages';
import type { Card } from '../../cards/model';
import { isIsoDay } from '../../domain/dates';
import { getAccount } from '../../store/accounts';
import { kindOf } from './activity';
import { ALERT_HANDLERS } from './alert-actions';
import { followUpFormCard } from './follow-up-form';
import { RENEWAL_HANDLERS } from './renewal-actions';
import { createTeamsSender } from './sender';
import {
  type ActionDataIn,
  accountValue,
  followUpForm,
  followUpValue,
  parseValue,
  shareTarget,
} from './values';

/** What a click leads to: a card in place of the clicked one, a new message, or a short note. */
export interface ActionOutcome {
  replace?: Card | AdaptiveCard;
  post?: Card;
  note?: string;
}

export interface ActionInput {
  ctx: AppContext;
  turn: TurnContext;
  data: ActionDataIn;
  who: ChatIdentity;
}

export type Handler = (input: ActionInput) => Promise<ActionOutcome>;

const withNote = (card: Card, note: string): Card => ({
  ...card,
  blocks: [{ type: 'status', text: [{ text: note }] }, ...card.blocks],
});

const BAD_BUTTON: ActionOutcome = { note: 'That button is out of date. Run the command again.' };

/** Pick / Open: the account's card posted below; the list stays for the next pick. */
const pickAccount: Handler = async ({ ctx, data }) => {
  const v = parseValue(accountValue, data.value);
  return v ? { post: await accountCardById(ctx, v.accountId) } : BAD_BUTTON;
};

/**
 * In a channel the card is rewritten as shared. In the personal chat, a card that came from a
 * channel (see private-reply.ts) is posted there as a new post; the private copy says so.
 */
const shareCard: Handler = async ({ ctx, turn, data, who }) => {
  const v = parseValue(accountValue, data.value);
  if (!v) return BAD_BUTTON;
  if (kindOf(turn.activity) !== 'personal') {
    return { replace: await sharedAccountCard(ctx, v.accountId, who.name) };
  }
  const target = parseValue(shareTarget, data.value)?.teamsChannel;
  if (!target) {
    return { note: 'To share a card, @mention Tend in a channel: @Tend health <account>.' };
  }
  try {
    await createTeamsSender(ctx, turn.adapter as CloudAdapter).post(
      target,
      await sharedAccountCard(ctx, v.accountId, who.name),
    );
  } catch (error) {
    ctx.log.warn({ err: error, target }, 'teams: could not share a card');
    return { note: "I can't post in that channel any more. Is Tend still installed there?" };
  }
  return { replace: withNote(await accountCardById(ctx, v.accountId), 'Shared in the channel.') };
};

/** "Show next" under a list: the next page posted below; the list stays. */
const showListPage: Handler = async ({ ctx, data, who }) => {
  const v = parseValue(listPageValue, data.value);
  return v ? { post: await listPage(ctx, v, who) } : BAD_BUTTON;
};

/** Refresh on a shared card: the same card with today's figures, saying who refreshed it. */
const refreshCard: Handler = async ({ ctx, data, who }) => {
  const v = parseValue(accountValue, data.value);
  return v ? { replace: await sharedAccountCard(ctx, v.accountId, who.name, true) } : BAD_BUTTON;
};

const logFollowUpClick: Handler = async ({ ctx, data, who }) => {
  const v = parseValue(accountValue, data.value);
  if (!v) return BAD_BUTTON;
  const form = followUpForm.safeParse(data);
  if (!form.success || form.data.title === undefined) {
    const account = await getAccount(ctx.db, v.accountId);
    if (!account) return { note: 'That account no longer exists.' };
    return { replace: followUpFormCard(account.id, account.name) };
  }
  const due = form.data.due?.trim() || null;
  if (due && !isIsoDay(due)) return { note: 'Pick the due date from the calendar.' };
  const logged = await logFollowUp(ctx, {
    accountId: v.accountId,
    title: form.data.title,
    dueOn: due,
    ownerEmail: who.email,
    createdBy: who.email ?? `teams:${who.id}`,
    source: 'teams',
    requestKey: `teams:form:${form.data.form}`,
  });
  const f = logged.followUp;
  const row = {
    title: f.title,
    dueOn: f.due_on,
    ownerEmail: f.owner_email,
    accountName: logged.accountName,
  };
  return { replace: followUpLoggedCard(row, logged.created) };
};

const showFollowUps: Handler = async ({ ctx, data }) => {
  const v = parseValue(accountValue, data.value);
  return v ? { post: await followUpsOfAccount(ctx, v.accountId) } : BAD_BUTTON;
};

const followUpDone: Handler = async ({ ctx, data, who }) => {
  const v = parseValue(followUpValue, data.value);
  if (!v) return BAD_BUTTON;
  const done = await completeFollowUp(ctx, v.followUpId, who.email ?? `teams:${who.id}`);
  const f = done.followUp;
  const note = done.changed
    ? `✅ Done: ${f.title}`
    : `Already done${f.done_by ? ` by ${f.done_by}` : ''}: ${f.title}`;
  let card: Card;
  if (v.list === 'account') card = await followUpsOfAccount(ctx, f.account_id);
  else if (who.email) card = await myFollowUps(ctx, who.email);
  else card = { title: 'Follow-up', fallback: note, blocks: [] };
  return { replace: withNote(card, note) };
};

/** Handlers by verb (= Slack action_id). Mark renewed (a date form) is not in Teams yet. */
export const HANDLERS: Partial<Record<string, Handler>> = {
  ...ALERT_HANDLERS,
  ...RENEWAL_HANDLERS,
  [ACTIONS.pickAccount]: pickAccount,
  [ACTIONS.shareCard]: shareCard,
  [ACTIONS.refreshCard]: refreshCard,
  [ACTIONS.listPage]: showListPage,
  [ACTIONS.logFollowUp]: logFollowUpClick,
  [ACTIONS.showFollowUps]: showFollowUps,
  [ACTIONS.followUpDone]: followUpDone,
};
