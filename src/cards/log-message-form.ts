import type { Locale } from '../domain/locale';
import { MAX_TOUCH_TEXT } from '../domain/timeline';
import { t } from './i18n/t';
import type { Card, Submit } from './model';

/** The field ids of the "Log to account" form (Slack block/action ids, Adaptive Card ids). */
export const LOG_FIELDS = { account: 'account', text: 'text' } as const;

/**
 * "Log to account" on a chat message: which account, and the message as it will be saved
 * (filled in, editable: a long message can be cut to what matters).
 */
export function logMessageForm(
  messageText: string,
  save: Submit,
  account = '',
  locale: Locale = 'en',
): Card {
  const text = Array.from(messageText).slice(0, MAX_TOUCH_TEXT).join('');
  return {
    title: t(locale, 'form.log.title'),
    fallback: t(locale, 'form.log.fallback'),
    locale,
    blocks: [
      {
        type: 'input',
        input: {
          kind: 'text',
          id: LOG_FIELDS.account,
          label: t(locale, 'form.log.account'),
          placeholder: t(locale, 'form.log.accountPlaceholder'),
          maxLength: 200,
          required: true,
          requiredMessage: t(locale, 'form.log.accountRequired'),
          ...(account ? { initial: account } : {}),
        },
      },
      {
        type: 'input',
        input: {
          kind: 'text',
          id: LOG_FIELDS.text,
          label: t(locale, 'form.log.message'),
          multiline: true,
          maxLength: MAX_TOUCH_TEXT,
          required: true,
          requiredMessage: t(locale, 'form.log.messageRequired'),
          ...(text ? { initial: text } : {}),
        },
      },
    ],
    submit: save,
  };
}
