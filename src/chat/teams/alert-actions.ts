import { randomUUID } from 'node:crypto';
import { TeamsInfo } from 'botbuilder';
import { accountOfAlert } from '../../app/account-lookup';
import { type AlertAction, applyAlertAction } from '../../app/alert-actions';
import { addAlertNote, noteFormFor, snoozeUntilFormFor } from '../../app/alert-notes';
import { resolveAsSaved } from '../../app/reviews';
import { ACTIONS } from '../../cards/actions';
import { NOTE_FIELD, SNOOZE_FIELDS } from '../../cards/forms';
import { t } from '../../cards/i18n/t';
import { submit } from '../../cards/model';
import { chosen } from './action-data';
import type { ActionInput, Handler, Handlers } from './actions';
import { followUpFormCard } from './follow-up-form';

/**
 * An alert click: the same use case as Slack's, keyed by the activity id (a retried invoke is
 * recorded once). The clicked card is redrawn from the answer; other copies are rewritten
 * through the outbox by the use case. A moot click leaves the card and says why.
 */
async function run(input: ActionInput, alertId: number, action: AlertAction) {
  const { ctx, turn, who } = input;
  const result = await applyAlertAction(
    ctx,
    alertId,
    action,
    {
      id: who.id,
      name: `@${who.name}`,
      platform: 'teams',
      locale: input.locale,
    },
    `teams:${turn.activity.id}`,
  );
  return result.changed ? { replace: result.card } : { note: result.message };
}

/** The Snooze menu's chosen option is the value (alert id and duration). */
const snooze: Handler<'alert.snooze'> = async (input, v) => {
  if (v.for !== 'date') return run(input, v.alertId, { kind: 'snooze', for: v.for });
  const save = submit(t(input.locale, 'form.save'), ACTIONS.alertSnoozeUntil, {
    alertId: v.alertId,
    form: randomUUID(),
  });
  const form = await snoozeUntilFormFor(input.ctx, v.alertId, save, input.locale);
  return form ? { replace: form } : { note: t(input.locale, 'click.alertGone') };
};

/** The snooze-until form's Save: the date and why; the form id is the request key. */
const snoozeUntil: Handler<'alert.snooze.until'> = async (input, v) => {
  const day = input.data[SNOOZE_FIELDS.until];
  const reason = input.data[SNOOZE_FIELDS.reason];
  if (!v.form || typeof day !== 'string' || typeof reason !== 'string') {
    return { note: t(input.locale, 'click.pickDateAndWhy') };
  }
  const { ctx, who } = input;
  const result = await applyAlertAction(
    ctx,
    v.alertId,
    { kind: 'snooze-until', day, reason },
    {
      id: who.id,
      name: `@${who.name}`,
      platform: 'teams',
      locale: input.locale,
    },
    `teams:form:${v.form}`,
  );
  return result.changed ? { replace: result.card } : { note: result.message };
};

/** The people picker gives an AAD object id; the roster gives the name shown on the card. */
const assign: Handler<'alert.assign'> = async (input, v) => {
  const picked = chosen(input.data);
  if (!picked) return { note: t(input.locale, 'click.pickAssignee') };
  let name = picked;
  try {
    name = (await TeamsInfo.getMember(input.turn, picked)).name ?? picked;
  } catch (error) {
    input.ctx.log.warn({ err: error }, 'teams: assignee lookup failed; showing the id');
  }
  return run(input, v.alertId, { kind: 'assign', assignee: { id: picked, name: `@${name}` } });
};

/** Log follow-up on an alert: the same form as on the account card, for the alert's account. */
const followUp: Handler<'alert.followup'> = async (input, v) => {
  const account = await accountOfAlert(input.ctx, v.alertId);
  if (!account) return { note: t(input.locale, 'click.alertGone') };
  return { replace: followUpFormCard(account, input.locale) };
};

/**
 * Note: the button turns the card into the note form (the card model's, as Slack's modal); its
 * Save carries a form id made once per form, the request key, and brings the alert card back.
 */
const note: Handler<'alert.note'> = async (input, v) => {
  const text = input.data[NOTE_FIELD];
  if (!v.form || typeof text !== 'string') {
    const save = submit(t(input.locale, 'form.save'), ACTIONS.alertNote, {
      alertId: v.alertId,
      form: randomUUID(),
    });
    const form = await noteFormFor(input.ctx, v.alertId, save, input.locale);
    return form ? { replace: form } : { note: t(input.locale, 'click.alertGone') };
  }
  const { who } = input;
  const result = await addAlertNote(
    input.ctx,
    v.alertId,
    text,
    {
      id: who.id,
      name: `@${who.name}`,
      platform: 'teams',
      locale: input.locale,
    },
    `teams:form:${v.form}`,
  );
  return result.added ? { replace: result.card } : { note: result.message };
};

/**
 * Resolved · saved: resolves the alert (other copies are rewritten through the outbox) and puts
 * the save review form in place of the card; its Save carries a form id, the request key.
 */
const resolveSaved: Handler<'alert.resolve.saved'> = async ({ ctx, turn, who, locale }, v) => {
  const answer = await resolveAsSaved(
    ctx,
    v.alertId,
    {
      id: who.id,
      name: `@${who.name}`,
      platform: 'teams',
      locale,
    },
    `teams:${turn.activity.id}`,
    (accountId) =>
      submit(t(locale, 'form.save'), ACTIONS.reviewSave, {
        accountId,
        kind: 'save',
        form: randomUUID(),
      }),
  );
  if (answer.form) return { replace: answer.form };
  return { note: answer.note ?? answer.result.message };
};

export const ALERT_HANDLERS: Handlers = {
  [ACTIONS.alertAck]: (i, v) => run(i, v.alertId, { kind: 'ack' }),
  [ACTIONS.alertResolve]: (i, v) => run(i, v.alertId, { kind: 'resolve' }),
  [ACTIONS.alertResolveSaved]: resolveSaved,
  [ACTIONS.alertSnooze]: snooze,
  [ACTIONS.alertAssign]: assign,
  [ACTIONS.alertFollowUp]: followUp,
  [ACTIONS.alertNote]: note,
  [ACTIONS.alertSnoozeUntil]: snoozeUntil,
};
