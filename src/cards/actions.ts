import { z } from 'zod';
import { isIsoDay } from '../domain/dates';
import { t } from './i18n/t';

/**
 * Every verb Tend answers, defined once with the zod schema of its value: the id is Slack's
 * `action_id` (or a modal's `callback_id`) and the Adaptive Card `verb`, so a click means the
 * same thing on every surface, and every surface checks what comes back with the same schema.
 * Values are small JSON objects of ids (see `encodeValue`): never text a person typed.
 */
const id = z.number().int().positive();
const accountValue = z.object({ accountId: id });
const alertValue = z.object({ alertId: id });
const loopValue = z.object({ loopId: id });
const loopOutcome = z.enum(['contacted', 'resolved', 'recovered', 'unreachable', 'not_needed']);
const renewalValue = z.object({ accountId: id, renewalDate: z.string().refine(isIsoDay) });
const milestoneStatus = z.enum(['planned', 'in_progress', 'done', 'missed']);
/** Where a Slack plan form answers after Save (null: a direct message). */
const planChannel = z.string().max(100).nullable().optional();
/** Which list a "Show next" button continues, and from where. */
export const listPageValue = z.object({
  list: z.enum(['risk', 'renewals', 'followups']),
  offset: z.number().int().min(0).max(100_000),
  days: z.number().int().min(1).max(3650).optional(),
});

export const VERBS = {
  'account.pick': accountValue,
  'list.page': listPageValue,
  'card.share': accountValue.extend({
    /** Teams: a private copy's Share button names the channel it was asked for in. */
    teamsChannel: z.string().min(1).max(300).optional(),
  }),
  /** Refresh on a shared card: today's figures in place of the old ones. */
  'card.refresh': accountValue,
  'followup.log': accountValue.extend({
    /** Teams: the form's Save carries an id made once per form, the request key. */
    form: z.uuid().optional(),
  }),
  'followup.list': accountValue,
  'followup.done': z.object({
    followUpId: id,
    list: z.enum(['mine', 'account']).optional(),
    accountId: id.optional(),
  }),
  'alert.ack': alertValue,
  /** `date`: "until after a date…", which asks for the date and a reason. */
  'alert.snooze': alertValue.extend({ for: z.enum(['1h', '4h', '1d', '1w', 'date']) }),
  /** Snooze until after a date: the form's Save (Teams: with its form id; Slack: a modal). */
  'alert.snooze.until': alertValue.extend({
    form: z.uuid().optional(),
    channelId: z.string().max(100).nullable().optional(),
  }),
  'alert.assign': alertValue,
  'alert.resolve': alertValue,
  /** Resolved · saved: resolves the alert and opens a save review for its account. */
  'alert.resolve.saved': alertValue,
  'alert.followup': alertValue,
  /** Note: the button (no form id) asks for the text; Teams' form Save carries its form id. */
  'alert.note': alertValue.extend({ form: z.uuid().optional() }),
  'renewal.plan': renewalValue,
  'renewal.followup': renewalValue,
  'renewal.renewed': renewalValue,
  'renewal.churned': renewalValue,
  'renewal.snooze': renewalValue,
  /** Undo on a churned reminder (within its window). */
  'renewal.undo-churn': renewalValue,
  /** A survey loop's card, posted below a /loops list. */
  'loop.show': loopValue,
  /** An outcome button on a loop card: asks for a short note first. */
  'loop.outcome': loopValue.extend({ outcome: loopOutcome }),
  /** The note form's Save (Slack: the modal's private_metadata; Teams: the form's Save). */
  'loop.outcome.note': loopValue.extend({
    outcome: loopOutcome,
    /** Teams: an id made once per form, the request key. */
    form: z.uuid().optional(),
  }),
  /** Write a churn or save review: opens its form. */
  'review.open': accountValue.extend({ kind: z.enum(['churn', 'save']) }),
  /** The review form's Save (Slack: the modal's private_metadata; Teams: the form's Save). */
  'review.save': accountValue.extend({
    kind: z.enum(['churn', 'save']),
    /** Teams: an id made once per form, the request key. */
    form: z.uuid().optional(),
  }),
  /** Success plans: Add goal / Edit (goalId) opens the goal form. */
  'plan.goal.open': accountValue.extend({ goalId: id.optional() }),
  /** The goal form's Save (Slack: the modal's private_metadata; Teams: with its form id). */
  'plan.goal.save': accountValue.extend({
    goalId: id.optional(),
    form: z.uuid().optional(),
    channelId: planChannel,
  }),
  /** Add milestone / Edit (milestoneId) opens the milestone form. */
  'plan.milestone.open': accountValue.extend({ milestoneId: id.optional() }),
  'plan.milestone.save': accountValue.extend({
    milestoneId: id.optional(),
    form: z.uuid().optional(),
    channelId: planChannel,
  }),
  /** Done / In progress on a milestone (a button, or an option of a select). */
  'plan.milestone.status': z.object({ milestoneId: id, status: milestoneStatus }),
  /** Tick a step on a playbook's checklist card. */
  'playbook.tick': z.object({ stepId: id }),
  /** "Create opportunity" on an expansion card: records it and tells the sales channel. */
  'opportunity.create': alertValue,
  /** Slack's follow-up modal: its private_metadata (where to answer after Save). */
  'followup.log.modal': accountValue.extend({ channelId: z.string().max(100).nullable() }),
  /** Slack's "Mark renewed" modal asking for the next renewal date. */
  'renewal.renewed.date': renewalValue,
  /**
   * "Log to account" on a chat message: the form's Save. Slack: the modal's private_metadata
   * names the message (channel, ts, author) for its permalink; Teams: the form's id, the
   * request key (the message comes with the submit).
   */
  'timeline.log': z.object({
    form: z.uuid().optional(),
    channelId: z.string().min(1).max(100).optional(),
    ts: z
      .string()
      .regex(/^\d{1,12}\.\d{1,8}$/)
      .optional(),
    authorId: z.string().min(1).max(100).nullable().optional(),
  }),
  /** Change my alert settings (App Home, the Teams settings card): opens the form. */
  'routing.edit': z.object({ settings: z.literal(1) }),
  /** The alert settings form's Save (Teams: with a form id); settings: the form's version. */
  'routing.save': z.object({ settings: z.literal(1), form: z.uuid().optional() }),
  /** Slack's Note modal: the alert, and where to answer after Save. */
  'alert.note.modal': alertValue.extend({ channelId: z.string().max(100).nullable() }),
} as const;

export type ActionId = keyof typeof VERBS;
export type ActionValue<V extends ActionId> = z.infer<(typeof VERBS)[V]>;

export const ACTIONS = {
  pickAccount: 'account.pick',
  listPage: 'list.page',
  shareCard: 'card.share',
  refreshCard: 'card.refresh',
  logFollowUp: 'followup.log',
  showFollowUps: 'followup.list',
  followUpDone: 'followup.done',
  alertAck: 'alert.ack',
  alertSnooze: 'alert.snooze',
  alertAssign: 'alert.assign',
  alertResolve: 'alert.resolve',
  alertResolveSaved: 'alert.resolve.saved',
  alertFollowUp: 'alert.followup',
  alertNote: 'alert.note',
  alertSnoozeUntil: 'alert.snooze.until',
  alertNoteModal: 'alert.note.modal',
  renewalPlan: 'renewal.plan',
  renewalFollowUp: 'renewal.followup',
  renewalRenewed: 'renewal.renewed',
  renewalChurned: 'renewal.churned',
  renewalSnooze: 'renewal.snooze',
  renewalUndoChurn: 'renewal.undo-churn',
  followUpModal: 'followup.log.modal',
  renewalDateModal: 'renewal.renewed.date',
  loopShow: 'loop.show',
  loopOutcome: 'loop.outcome',
  loopNote: 'loop.outcome.note',
  reviewOpen: 'review.open',
  reviewSave: 'review.save',
  logMessage: 'timeline.log',
  planGoalOpen: 'plan.goal.open',
  planGoalSave: 'plan.goal.save',
  planMilestoneOpen: 'plan.milestone.open',
  planMilestoneSave: 'plan.milestone.save',
  planMilestoneStatus: 'plan.milestone.status',
  routingEdit: 'routing.edit',
  routingSave: 'routing.save',
  playbookTick: 'playbook.tick',
  opportunityCreate: 'opportunity.create',
} as const satisfies Record<string, ActionId>;

/** The verbs of buttons, selects and pickers (the rest are form submissions). */
export const FORM_IDS: readonly ActionId[] = [
  ACTIONS.followUpModal,
  ACTIONS.renewalDateModal,
  ACTIONS.alertNoteModal,
  ACTIONS.alertSnoozeUntil,
  ACTIONS.loopNote,
  ACTIONS.reviewSave,
  ACTIONS.logMessage,
  ACTIONS.planGoalSave,
  ACTIONS.planMilestoneSave,
  ACTIONS.routingSave,
];
export const ACTION_IDS: readonly ActionId[] = (Object.keys(VERBS) as ActionId[]).filter(
  (v) => !FORM_IDS.includes(v),
);

export function isActionId(value: string): value is ActionId {
  return Object.hasOwn(VERBS, value);
}

/**
 * What a surface says when a click cannot be understood: the card is older than the code. In
 * English; each surface says it in the clicker's language ('click.outOfDate').
 */
export const OUT_OF_DATE = t('en', 'click.outOfDate');

export type ParsedAction =
  | { [V in ActionId]: { ok: true; verb: V; value: ActionValue<V> } }[ActionId]
  | { ok: false; problem: 'unknown-verb' | 'bad-value'; verb: string };

/** Checks a verb and its raw (JSON string) value; never throws on what came from outside. */
export function parseAction(verb: string, raw: string | undefined | null): ParsedAction {
  if (!isActionId(verb)) return { ok: false, problem: 'unknown-verb', verb };
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    return { ok: false, problem: 'bad-value', verb };
  }
  const parsed = VERBS[verb].safeParse(json);
  if (!parsed.success) return { ok: false, problem: 'bad-value', verb };
  return { ok: true, verb, value: parsed.data } as ParsedAction;
}

/** The parsed value of a verb, or null: for handlers that know which verb they serve. */
export function parseValueOf<V extends ActionId>(
  verb: V,
  raw: string | undefined | null,
): ActionValue<V> | null {
  const parsed = parseAction(verb, raw);
  return parsed.ok ? (parsed.value as ActionValue<V>) : null;
}

/** A verb's value as the JSON string a button carries; typed, so a card cannot send junk. */
export function encodeValue<V extends ActionId>(_verb: V, value: ActionValue<V>): string {
  return JSON.stringify(value);
}
