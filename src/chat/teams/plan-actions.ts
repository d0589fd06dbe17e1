import { randomUUID } from 'node:crypto';
import { tendErrorText } from '../../app/chat-commands';
import {
  goalFormFor,
  milestoneFormFor,
  saveGoal,
  saveMilestone,
  setMilestoneStatus,
} from '../../app/plans';
import { ACTIONS } from '../../cards/actions';
import { t, tm } from '../../cards/i18n/t';
import { submit } from '../../cards/model';
import { PLAN_FIELDS as F } from '../../cards/plan-forms';
import type { Locale } from '../../domain/locale';
import { goalProblems, isMilestoneStatus, milestoneProblems } from '../../domain/plans';
import { isTendError } from '../../errors';
import type { ActionDataIn } from './action-data';
import type { ActionInput, Handler, Handlers } from './actions';

// The success plan card's buttons on Teams: a form in place of the card (its Save carries an id
// made once per form, the request key), and the plan card again after every change.

const field = (data: ActionDataIn, id: string): string => {
  const v = data[id];
  return typeof v === 'string' ? v.trim() : '';
};

const editorOf = (who: ActionInput['who'], locale: Locale) => ({
  by: who.email ?? `teams:${who.id}`,
  source: 'teams',
  locale,
});

const openGoal: Handler<'plan.goal.open'> = async ({ ctx, locale }, v) => {
  const form = await goalFormFor(
    ctx,
    v.accountId,
    v.goalId,
    submit(t(locale, 'form.save'), ACTIONS.planGoalSave, {
      accountId: v.accountId,
      ...(v.goalId ? { goalId: v.goalId } : {}),
      form: randomUUID(),
    }),
    locale,
  );
  return 'note' in form ? { note: form.note } : { replace: form.form };
};

const saveGoalForm: Handler<'plan.goal.save'> = async ({ ctx, data, who, turn, locale }, v) => {
  const fields = {
    outcome: field(data, F.outcome),
    measure: field(data, F.measure) || null,
    targetOn: field(data, F.target) || null,
  };
  const problems = Object.values(goalProblems(fields)).map((m) => tm(locale, m));
  if (problems.length > 0) return { note: problems.join(' ') };
  try {
    const edit = await saveGoal(ctx, {
      accountId: v.accountId,
      goalId: v.goalId,
      fields,
      editor: editorOf(who, locale),
      requestKey: `teams:form:${v.form ?? turn.activity.id}`,
    });
    return { replace: edit.card };
  } catch (error) {
    if (isTendError(error)) return { note: tendErrorText(locale, error) };
    throw error;
  }
};

const openMilestone: Handler<'plan.milestone.open'> = async ({ ctx, who, locale }, v) => {
  const form = await milestoneFormFor(
    ctx,
    v.accountId,
    v.milestoneId,
    submit(t(locale, 'form.save'), ACTIONS.planMilestoneSave, {
      accountId: v.accountId,
      ...(v.milestoneId ? { milestoneId: v.milestoneId } : {}),
      form: randomUUID(),
    }),
    // Teams' people picker answers with an AAD id, not an e-mail: the owner is typed, and a
    // new milestone is the clicker's unless changed.
    { kind: 'email', ...(who.email ? { initial: who.email } : {}) },
    locale,
  );
  return 'note' in form ? { note: form.note } : { replace: form.form };
};

const saveMilestoneForm: Handler<'plan.milestone.save'> = async (
  { ctx, data, who, turn, locale },
  v,
) => {
  const status = field(data, F.status) || 'planned';
  if (!isMilestoneStatus(status)) return { note: t(locale, 'problem.pickStatus') };
  const fields = {
    title: field(data, F.title),
    dueOn: field(data, F.due),
    ownerEmail: field(data, F.owner) || null,
    status,
  };
  const problems = Object.values(milestoneProblems(fields)).map((m) => tm(locale, m));
  if (problems.length > 0) return { note: problems.join(' ') };
  try {
    const edit = await saveMilestone(ctx, {
      accountId: v.accountId,
      milestoneId: v.milestoneId,
      fields,
      editor: editorOf(who, locale),
      requestKey: `teams:form:${v.form ?? turn.activity.id}`,
    });
    return { replace: edit.card };
  } catch (error) {
    if (isTendError(error)) return { note: tendErrorText(locale, error) };
    throw error;
  }
};

const milestoneStatus: Handler<'plan.milestone.status'> = async ({ ctx, who, locale }, v) => {
  const edit = await setMilestoneStatus(ctx, v.milestoneId, v.status, editorOf(who, locale));
  return { replace: edit.card };
};

export const PLAN_HANDLERS: Handlers = {
  [ACTIONS.planGoalOpen]: openGoal,
  [ACTIONS.planGoalSave]: saveGoalForm,
  [ACTIONS.planMilestoneOpen]: openMilestone,
  [ACTIONS.planMilestoneSave]: saveMilestoneForm,
  [ACTIONS.planMilestoneStatus]: milestoneStatus,
};
