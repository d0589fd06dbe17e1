import { type MilestoneStatus, PLAN_LIMITS, STATUS_WORDS } from '../domain/plans';
import { bold, type Card, type FormInput, rich, type Submit } from './model';

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
export function goalForm(accountName: string, save: Submit, initial?: GoalInitial): Card {
  const title = initial ? 'Edit goal' : 'Add goal';
  return {
    title,
    fallback: `${title}: ${accountName}`,
    blocks: [
      { type: 'text', text: rich(bold('Success plan:'), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.outcome,
          label: 'Outcome',
          placeholder: 'Cut onboarding time for new hires in half',
          maxLength: PLAN_LIMITS.outcome,
          required: true,
          requiredMessage: 'Say what the customer wants to achieve.',
          ...(initial ? { initial: initial.outcome } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.measure,
          label: 'Measure',
          placeholder: 'Days from hire to first report: 20 → 10',
          maxLength: PLAN_LIMITS.measure,
          ...(initial?.measure ? { initial: initial.measure } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: PLAN_FIELDS.target,
          label: 'Target date',
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
): Card {
  const title = initial ? 'Edit milestone' : 'Add milestone';
  const ownerInput: FormInput =
    owner.kind === 'user'
      ? {
          kind: 'user',
          id: PLAN_FIELDS.owner,
          label: 'Owner',
          required: true,
          ...(owner.initial ? { initial: owner.initial } : {}),
        }
      : {
          kind: 'text',
          id: PLAN_FIELDS.owner,
          label: 'Owner (e-mail)',
          placeholder: 'jane@example.com',
          maxLength: 320,
          ...(owner.initial ? { initial: owner.initial } : {}),
        };
  return {
    title,
    fallback: `${title}: ${accountName}`,
    blocks: [
      { type: 'text', text: rich(bold('Success plan:'), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: PLAN_FIELDS.title,
          label: 'Milestone',
          placeholder: 'Admins trained',
          maxLength: PLAN_LIMITS.title,
          required: true,
          requiredMessage: 'Name the milestone.',
          ...(initial ? { initial: initial.title } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: PLAN_FIELDS.due,
          label: 'Due',
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
          label: 'Status',
          required: true,
          options: (Object.keys(STATUS_WORDS) as MilestoneStatus[]).map((s) => ({
            label: STATUS_WORDS[s],
            value: s,
          })),
          initial: initial?.status ?? 'planned',
        },
      },
      {
        type: 'context',
        text: rich(
          'A milestone is also a follow-up of its owner: past its due date it shows as due.',
        ),
      },
    ],
    submit: save,
  };
}
