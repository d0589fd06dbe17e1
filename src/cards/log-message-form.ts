import { MAX_TOUCH_TEXT } from '../domain/timeline';
import type { Card, Submit } from './model';

/** The field ids of the "Log to account" form (Slack block/action ids, Adaptive Card ids). */
export const LOG_FIELDS = { account: 'account', text: 'text' } as const;

/**
 * "Log to account" on a chat message: which account, and the message as it will be saved
 * (filled in, editable: a long message can be cut to what matters).
 */
export function logMessageForm(messageText: string, save: Submit, account = ''): Card {
  const text = Array.from(messageText).slice(0, MAX_TOUCH_TEXT).join('');
  return {
    title: 'Log to account',
    fallback: 'Save this message to an account’s timeline',
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'text',
          id: LOG_FIELDS.account,
          label: 'Account',
          placeholder: 'Acme',
          maxLength: 200,
          required: true,
          requiredMessage: 'Name the account.',
          ...(account ? { initial: account } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: LOG_FIELDS.text,
          label: 'Message',
          multiline: true,
          maxLength: MAX_TOUCH_TEXT,
          required: true,
          requiredMessage: 'The message is empty.',
          ...(text ? { initial: text } : {}),
        },
      },
    ],
    submit: save,
  };
}
