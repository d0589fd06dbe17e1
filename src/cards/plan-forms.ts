import type { Locale } from '../domain/locale';
import { type MilestoneStatus, PLAN_LIMITS, STATUS_WORDS } from '../domain/plans';
import { t } from './i18n/t';
import { bold, type Card, type FormInput, rich, type Submit } from './model';
import { statusWordsIn } from './plan-words';

// The success plan's forms in the neutral model: Slack draws them as modals, Teams as
// Adaptive Card forms in place of the plan card.

/** The field ids: Slack's block_id and action_id, the Adaptive Card input ids. */
export const PLAN_FIELDS = {
  outcome: 'outcome',
  measure: 'measure',
  target: 'target',
  title: 'title',
  due: 'due',
  owner: 'owner',
  status: 'status',
} as const;

export interface GoalInitial {
  outcome: string;
  measure: string | null;
  targetOn: string | null;
}

/** Add or edit a goal: the outcome the customer wants, how it is measured, by when. */
export function goalForm(
  accountName: string,
  save: Submit,
  initial?: GoalInitial,
  locale: Locale = 'en',
): Card {
  const title = t(locale, initial ? 'plan.editGoal' : 'plan.addGoal');
  return {
    title,
    fallback: `${title}: ${accountName}`,
    locale,
    blocks: [
      { type: 'text', text: rich(bold(t(locale, 'plan.form.heading')), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.outcome,
          label: t(locale, 'plan.form.outcome'),
          placeholder: t(locale, 'plan.form.outcomePlaceholder'),
          maxLength: PLAN_LIMITS.outcome,
          required: true,
          requiredMessage: t(locale, 'plan.form.outcomeRequired'),
          ...(initial ? { initial: initial.outcome } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.measure,
          label: t(locale, 'plan.form.measure'),
          placeholder: t(locale, 'plan.form.measurePlaceholder'),
          maxLength: PLAN_LIMITS.measure,
          ...(initial?.measure ? { initial: initial.measure } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: PLAN_FIELDS.target,
          label: t(locale, 'plan.form.target'),
          ...(initial?.targetOn ? { initial: initial.targetOn } : {}),
        },
      },
    ],
    submit: save,
  };
}

export interface MilestoneInitial {
  title: string;
  dueOn: string;
  ownerEmail: string | null;
  status: MilestoneStatus;
}

/**
 * The owner field: Slack's user picker (preset to a Slack user id), or an e-mail (Teams: its
 * people picker answers with an AAD id Tend cannot turn into an e-mail without Graph).
 */
export type OwnerField = { kind: 'user'; initial?: string } | { kind: 'email'; initial?: string };

/** Add or edit a milestone: title, due date, owner, status. */
export function milestoneForm(
  accountName: string,
  save: Submit,
  owner: OwnerField,
  initial?: MilestoneInitial,
  locale: Locale = 'en',
): Card {
  const title = t(locale, initial ? 'plan.editMilestone' : 'plan.addMilestone');
  const ownerInput: FormInput =
    owner.kind === 'user'
      ? {
          kind: 'user',
          id: PLAN_FIELDS.owner,
          label: t(locale, 'form.owner'),
          required: true,
          ...(owner.initial ? { initial: owner.initial } : {}),
        }
      : {
          kind: 'text',
          id: PLAN_FIELDS.owner,
          label: t(locale, 'plan.form.ownerEmail'),
          placeholder: 'jane@example.com',
          maxLength: 320,
          ...(owner.initial ? { initial: owner.initial } : {}),
        };
  return {
    title,
    fallback: `${title}: ${accountName}`,
    locale,
    blocks: [
      { type: 'text', text: rich(bold(t(locale, 'plan.form.heading')), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.title,
          label: t(locale, 'plan.form.milestone'),
          placeholder: t(locale, 'plan.form.milestonePlaceholder'),
          maxLength: PLAN_LIMITS.title,
          required: true,
          requiredMessage: t(locale, 'plan.form.milestoneRequired'),
          ...(initial ? { initial: initial.title } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: PLAN_FIELDS.due,
          label: t(locale, 'form.due'),
          required: true,
          ...(initial ? { initial: initial.dueOn } : {}),
        },
      },
      { type: 'input', input: ownerInput },
      {
        type: 'input',
        input: {
          kind: 'select',
          id: PLAN_FIELDS.status,
          label: t(locale, 'plan.form.status'),
          required: true,
          options: (Object.keys(STATUS_WORDS) as MilestoneStatus[]).map((s) => ({
            label: statusWordsIn(locale, s),
            value: s,
          })),
          initial: initial?.status ?? 'planned',
        },
      },
      {
        type: 'context',
        text: rich(t(locale, 'plan.form.note')),
      },
    ],
    submit: save,
  };
}
