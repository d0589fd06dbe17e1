import type { Locale } from '../domain/locale';
import { ACTIONS, type ActionValue } from './actions';
import { t } from './i18n/t';
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
  locale?: Locale;
}

/** Log follow-up: account preselected, what to do, an optional due date, the owner. */
export function followUpForm(account: { name: string }, options: FollowUpFormOptions): Card {
  const locale = options.locale ?? 'en';
  const card: Card = {
    title: t(locale, 'form.followUp.title'),
    fallback: t(locale, 'form.followUp.fallback', { name: account.name }),
    blocks: [
      { type: 'text', text: rich(bold(t(locale, 'form.account')), ' ', account.name) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: FOLLOW_UP_FIELDS.title,
          label: t(locale, 'form.followUp.what'),
          placeholder: t(locale, 'form.followUp.placeholder'),
          multiline: true,
          maxLength: options.maxTitle,
          required: true,
          requiredMessage: t(locale, 'form.followUp.required'),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: FOLLOW_UP_FIELDS.due,
          label: t(locale, 'form.due'),
          ...(options.today ? { initial: options.today } : {}),
        },
      },
    ],
    submit: options.save,
    locale,
  };
  if (options.owner !== undefined) {
    card.blocks.push({
      type: 'input',
      input: {
        kind: 'user',
        id: FOLLOW_UP_FIELDS.owner,
        label: t(locale, 'form.owner'),
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
  locale: Locale = 'en',
): Card {
  return {
    title: t(locale, 'form.renewed.title'),
    fallback: t(locale, 'form.renewed.fallback', { name: accountName }),
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'date',
          id: RENEWAL_DATE_FIELD,
          label: t(locale, 'form.renewed.date', { name: accountName }),
          initial: nextDate,
          required: true,
        },
      },
    ],
    submit: submit(t(locale, 'form.save'), ACTIONS.renewalDateModal, {
      accountId: ref.accountId,
      renewalDate: ref.renewalDate,
    }),
    locale,
  };
}

/** Note on an alert: one text, added to the alert's thread and history. */
export function noteForm(
  accountName: string,
  save: Submit,
  maxLength: number,
  locale: Locale = 'en',
): Card {
  return {
    title: t(locale, 'form.note.title'),
    fallback: t(locale, 'form.note.fallback', { name: accountName }),
    blocks: [
      { type: 'text', text: rich(bold(t(locale, 'form.alertOn')), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: NOTE_FIELD,
          label: t(locale, 'form.note'),
          placeholder: t(locale, 'form.note.placeholder'),
          multiline: true,
          maxLength,
          required: true,
          requiredMessage: t(locale, 'form.note.required'),
        },
      },
    ],
    submit: save,
    locale,
  };
}

/** Snooze until after a date: the date and why (both required). */
export function snoozeUntilForm(
  accountName: string,
  save: Submit,
  tomorrow: string,
  locale: Locale = 'en',
): Card {
  return {
    title: t(locale, 'form.snooze.title'),
    fallback: t(locale, 'form.snooze.fallback', { name: accountName }),
    blocks: [
      { type: 'text', text: rich(bold(t(locale, 'form.alertOn')), ' ', accountName) },
      {
        type: 'input',
        input: {
          kind: 'date',
          id: SNOOZE_FIELDS.until,
          label: t(locale, 'form.snooze.until'),
          initial: tomorrow,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: SNOOZE_FIELDS.reason,
          label: t(locale, 'form.snooze.why'),
          placeholder: t(locale, 'form.snooze.placeholder'),
          maxLength: 300,
          required: true,
          requiredMessage: t(locale, 'form.snooze.required'),
        },
      },
    ],
    submit: save,
    locale,
  };
}

export const LOOP_NOTE_FIELD = 'note';
/** The longest note a loop outcome takes. */
export const LOOP_NOTE_MAX = 500;

/** An outcome button asks for a short note before it closes the loop. */
export function loopNoteForm(
  loop: { accountName: string; outcomeWords: string; answerWords: string },
  save: Submit,
  locale: Locale = 'en',
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
          label: t(locale, 'form.note'),
          placeholder: t(locale, 'form.loopNote.placeholder'),
          multiline: true,
          maxLength: LOOP_NOTE_MAX,
          required: true,
          requiredMessage: t(locale, 'form.loopNote.required'),
        },
      },
    ],
    submit: save,
    locale,
  };
}

export const REVIEW_FIELDS = { reason: 'reason', learned: 'learned' } as const;

/** A churn or save review: why (a reason code) and what we learned; the timeline is automatic. */
export function reviewForm(
  v: { accountName: string; kind: 'churn' | 'save'; reasons: { label: string; value: string }[] },
  save: Submit,
  locale: Locale = 'en',
): Card {
  const churn = v.kind === 'churn';
  const title = t(locale, churn ? 'form.review.churnTitle' : 'form.review.saveTitle');
  return {
    title,
    fallback: `${title}: ${v.accountName}`,
    blocks: [
      {
        type: 'text',
        text: rich(
          bold(v.accountName),
          t(locale, churn ? 'form.review.churnText' : 'form.review.saveText'),
        ),
      },
      {
        type: 'input',
        input: {
          kind: 'select',
          id: REVIEW_FIELDS.reason,
          label: t(locale, churn ? 'form.review.churnReason' : 'form.review.saveReason'),
          options: v.reasons,
          required: true,
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: REVIEW_FIELDS.learned,
          label: t(locale, 'form.review.learned'),
          multiline: true,
          maxLength: 2000,
        },
      },
      { type: 'context', text: rich(t(locale, 'form.review.timeline')) },
    ],
    submit: save,
    locale,
  };
}
