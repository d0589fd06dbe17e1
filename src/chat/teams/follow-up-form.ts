import { randomUUID } from 'node:crypto';
import { MAX_TITLE } from '../../app/follow-ups';
import { ACTIONS } from '../../cards/actions';
import { followUpForm } from '../../cards/forms';
import { t } from '../../cards/i18n/t';
import { type Card, submit } from '../../cards/model';
import type { Locale } from '../../domain/locale';

/**
 * Slack's Log follow-up opens a modal; Teams' answer to the click is the same form (see
 * cards/forms.ts) in place of the card. Its Save carries a form id made once per form: that id
 * is the request key, so a form sent twice (a double click, a retried invoke) records one
 * follow-up.
 */
export function followUpFormCard(
  account: { id: number; name: string },
  locale: Locale = 'en',
): Card {
  return followUpForm(account, {
    save: submit(t(locale, 'form.save'), ACTIONS.logFollowUp, {
      accountId: account.id,
      form: randomUUID(),
    }),
    maxTitle: MAX_TITLE,
    locale,
  });
}
