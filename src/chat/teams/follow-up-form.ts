import { randomUUID } from 'node:crypto';
import { MAX_TITLE } from '../../app/follow-ups';
import { ACTIONS } from '../../cards/actions';
import { followUpForm } from '../../cards/forms';
import { type Card, submit } from '../../cards/model';

/**
 * Slack's Log follow-up opens a modal; Teams' answer to the click is the same form (see
 * cards/forms.ts) in place of the card. Its Save carries a form id made once per form: that id
 * is the request key, so a form sent twice (a double click, a retried invoke) records one
 * follow-up.
 */
export function followUpFormCard(account: { id: number; name: string }): Card {
  return followUpForm(account, {
    save: submit('Save', ACTIONS.logFollowUp, { accountId: account.id, form: randomUUID() }),
    maxTitle: MAX_TITLE,
  });
}
