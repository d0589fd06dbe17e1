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
