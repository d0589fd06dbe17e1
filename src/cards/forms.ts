import { ACTIONS, type ActionValue } from './actions';
import { bold, type Card, rich, type Submit, submit } from './model';

// The forms Tend shows, in the neutral model: Slack draws them as modals (block-kit-modal.ts),
// Teams as Adaptive Card forms in place of the clicked card (adaptive-card.ts).

/** The field ids: Slack's block_id and action_id, the Adaptive Card input ids. */
export const FOLLOW_UP_FIELDS = { title: 'title', due: 'due', owner: 'owner' } as const;
export const RENEWAL_DATE_FIELD = 'new_date';
export const NOTE_FIELD = 'note';
export const SNOOZE_FIELDS = { until: 'until', reason: 'reason' } as const;

export interface FollowUpFormOptions {
  /** Slack: the modal's Save (where to answer); Teams: the form's Save (a form id). */
  save: Submit;
  /** The longest title the use case takes. */
  maxTitle: number;
  /** Slack: the owner picker, preset to the person who clicked. Teams: the clicker owns it. */
  owner?: string;
  /** Preset due date (Slack: today). */
  today?: string;
}

/** Log follow-up: account preselected, what to do, an optional due date, the owner. */
export function followUpForm(account: { name: string }, options: FollowUpFormOptions): Card {
  const card: Card = {
    title: 'Log follow-up',
    fallback: `Log a follow-up on ${account.name}`,
    blocks: [
      { type: 'text', text: rich(bold('Account:'), ' ', account.name) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: FOLLOW_UP_FIELDS.title,
          label: 'What to do',
          placeholder: 'Send the QBR deck',
          multiline: true,
          maxLength: options.maxTitle,
          required: true,
          requiredMessage: 'Say what to do.',
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: FOLLOW_UP_FIELDS.due,
          label: 'Due',
          ...(options.today ? { initial: options.today } : {}),
        },
      },
    ],
    submit: options.save,
  };
  if (options.owner !== undefined) {
    card.blocks.push({
      type: 'input',
      input: {
        kind: 'user',
        id: FOLLOW_UP_FIELDS.owner,
        label: 'Owner',
        required: true,
        initial: options.owner,
      },
    });
  }
  return card;
}

/** "Mark renewed" asks for the next renewal date (a year later unless changed). */
export function renewalDateForm(
  ref: ActionValue<typeof ACTIONS.renewalDateModal>,
  accountName: string,
  nextDate: string,
): Card {
  return {
    title: 'Mark renewed',
    fallback: `Mark ${accountName} renewed`,
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'date',
          id: RENEWAL_DATE_FIELD,
          label: `Next renewal date of ${accountName}`,
          initial: nextDate,
          required: true,
        },
      },
    ],
    submit: submit('Save', ACTIONS.renewalDateModal, {
      accountId: ref.accountId,
      renewalDate: ref.renewalDate,
    }),
  };
}

/** Note on an alert: one text, added to the alert's thread and history. */
export function noteForm(accountName: string, save: Submit, maxLength: number): Card {
  return {
    title: 'Add a note',
    fallback: `Add a note to the alert on ${accountName}`,
    blocks: [
      { type: 'text', text: rich(bold('Alert on:'), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: NOTE_FIELD,
          label: 'Note',
          placeholder: 'Spoke to their CFO: budget review in January',
          multiline: true,
          maxLength,
          required: true,
          requiredMessage: 'Write the note.',
        },
      },
    ],
    submit: save,
  };
}

/** Snooze until after a date: the date and why (both required). */
export function snoozeUntilForm(accountName: string, save: Submit, tomorrow: string): Card {
  return {
    title: 'Snooze until after a date',
    fallback: `Snooze the alert on ${accountName} until after a date`,
    blocks: [
      { type: 'text', text: rich(bold('Alert on:'), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: SNOOZE_FIELDS.until,
          label: 'Until after',
          initial: tomorrow,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: SNOOZE_FIELDS.reason,
          label: 'Why',
          placeholder: 'Waiting for their budget review',
          maxLength: 300,
          required: true,
          requiredMessage: 'Say why.',
        },
      },
    ],
    submit: save,
  };
}

export const LOOP_NOTE_FIELD = 'note';
/** The longest note a loop outcome takes. */
export const LOOP_NOTE_MAX = 500;

/** An outcome button asks for a short note before it closes the loop. */
export function loopNoteForm(
  loop: { accountName: string; outcomeWords: string; answerWords: string },
  save: Submit,
): Card {
  return {
    title: loop.outcomeWords,
    fallback: `${loop.outcomeWords}: ${loop.accountName}`,
    blocks: [
      {
        type: 'text',
        text: rich(bold(loop.accountName), ` · ${loop.answerWords} → ${loop.outcomeWords}`),
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: LOOP_NOTE_FIELD,
          label: 'Note',
          placeholder: 'Called the admin; the export bug is fixed in 4.2',
          multiline: true,
          maxLength: LOOP_NOTE_MAX,
          required: true,
          requiredMessage: 'Say in a few words what happened.',
        },
      },
    ],
    submit: save,
  };
}

export const REVIEW_FIELDS = { reason: 'reason', learned: 'learned' } as const;

/** A churn or save review: why (a reason code) and what we learned; the timeline is automatic. */
export function reviewForm(
  v: { accountName: string; kind: 'churn' | 'save'; reasons: { label: string; value: string }[] },
  save: Submit,
): Card {
  const title = v.kind === 'churn' ? 'Churn review' : 'Save review';
  return {
    title,
    fallback: `${title}: ${v.accountName}`,
    blocks: [
      {
        type: 'text',
        text: rich(
          bold(v.accountName),
          v.kind === 'churn'
            ? ' churned: why, and what we learned.'
            : ' was saved: why, and what we learned.',
        ),
      },
      {
        type: 'input',
        input: {
          kind: 'select',
          id: REVIEW_FIELDS.reason,
          label: v.kind === 'churn' ? 'Main reason for the churn' : 'What saved it',
          options: v.reasons,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: REVIEW_FIELDS.learned,
          label: 'What we learned',
          multiline: true,
          maxLength: 2000,
        },
      },
      {
        type: 'context',
        text: rich(
          'The timeline of the last 180 days (alerts, loops, follow-ups) is added for you.',
        ),
      },
    ],
    submit: save,
  };
}
