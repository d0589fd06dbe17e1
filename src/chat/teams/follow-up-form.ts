import { randomUUID } from 'node:crypto';
import { MAX_TITLE } from '../../app/follow-ups';
import { ACTIONS } from '../../cards/actions';
import type { AdaptiveCard } from '../../cards/adaptive-card';

/**
 * Slack's Log follow-up opens a modal; Teams' answer to the click is this form in place of
 * the card. Its submit carries a form id made once per form: that id is the request key, so
 * a form sent twice (a double click, a retried invoke) records one follow-up.
 */
export function followUpFormCard(accountId: number, accountName: string): AdaptiveCard {
  const data = {
    verb: ACTIONS.logFollowUp,
    value: JSON.stringify({ accountId }),
    form: randomUUID(),
  };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: `Log a follow-up on ${accountName}`,
    body: [
      { type: 'TextBlock', text: 'Log follow-up', size: 'Large', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: accountName, isSubtle: true, wrap: true, spacing: 'None' },
      {
        type: 'Input.Text',
        id: 'title',
        label: 'What to do',
        isRequired: true,
        errorMessage: 'Say what to do.',
        maxLength: MAX_TITLE,
        isMultiline: true,
      },
      { type: 'Input.Date', id: 'due', label: 'Due (optional)' },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            title: 'Save',
            verb: data.verb,
            data,
            style: 'positive',
            fallback: { type: 'Action.Submit', title: 'Save', data },
          },
        ],
      },
    ],
    msteams: { width: 'Full' },
  };
}
