import { noteForm, snoozeUntilForm } from '../cards/forms';
import { t, tm } from '../cards/i18n/t';
import type { Card, Submit } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import { addDays } from '../domain/dates';
import type { Locale, Msg } from '../domain/locale';
import { getAccount } from '../store/accounts';
import { getAlert, openLeads } from '../store/alerts';
import { type Actor, applyAlertAction, MAX_NOTE } from './alert-actions';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';
import { defaultLocale } from './languages';

/** The Note form for an alert (Slack modal, Teams form), or null when the alert is gone. */
export async function noteFormFor(
  ctx: AppContext,
  alertId: number,
  save: Submit,
  locale?: Locale,
): Promise<Card | null> {
  const alert = await getAlert(ctx.db, alertId);
  const account = alert && (await getAccount(ctx.db, alert.account_id));
  return account ? noteForm(account.name, save, MAX_NOTE, locale) : null;
}

/** What a note's text must be (a message key, worded for the reader); null when it is fine. */
export function noteProblem(text: string): Msg | null {
  if (text.trim() === '') return { key: 'form.note.required' };
  if (text.length > MAX_NOTE) return { key: 'problem.noteTooLong', params: { max: MAX_NOTE } };
  return null;
}

export interface NoteResult {
  added: boolean;
  card: Card;
  /** One line for the person who wrote it. */
  message: string;
}

/**
 * Adds a note to an alert: an event in its history and a reply in its thread (Slack) / reply
 * chain (Teams), at once, never held back like state changes. The request key makes a retried
 * submission one note.
 */
export async function addAlertNote(
  ctx: AppContext,
  alertId: number,
  text: string,
  actor: Actor,
  requestKey: string,
): Promise<NoteResult> {
  const said = actor.locale ?? defaultLocale(ctx);
  const checked = noteProblem(text);
  if (checked) {
    const problem = tm(said, checked);
    return {
      added: false,
      card: noticeCard(t(said, 'note.notAddedTitle'), problem, said),
      message: problem,
    };
  }
  const result = await applyAlertAction(
    ctx,
    alertId,
    { kind: 'note', text: text.trim() },
    actor,
    requestKey,
  );
  const account = await getAccount(ctx.db, result.alert.account_id);
  return {
    added: result.changed,
    card: result.card,
    message: result.changed
      ? t(said, 'click.noteAdded', { name: account?.name ?? t(said, 'click.theAccount') })
      : result.message,
  };
}

/** The account's open alert a note goes to: the episode's lead (the card people see). */
export async function openAlertOf(ctx: AppContext, accountId: number): Promise<number | null> {
  return (await openLeads(ctx.db, [accountId])).get(accountId) ?? null;
}

/** The "snooze until after a date" form for an alert, or null when the alert is gone. */
export async function snoozeUntilFormFor(
  ctx: AppContext,
  alertId: number,
  save: Submit,
  locale?: Locale,
): Promise<Card | null> {
  const alert = await getAlert(ctx.db, alertId);
  const account = alert && (await getAccount(ctx.db, alert.account_id));
  return account ? snoozeUntilForm(account.name, save, addDays(todayOf(ctx), 1), locale) : null;
}
