import { ACTIONS } from './actions';
import { shortName } from './format';
import { button, type Card, rich } from './model';
import type { AccountChoice } from './views';

const label = (a: AccountChoice) =>
  a.domain ? `${shortName(a.name)} (${shortName(a.domain)})` : shortName(a.name);

/** Several accounts match: one Pick button each. */
export function choicesCard(query: string, matches: AccountChoice[]): Card {
  return {
    title: `Which "${query}"?`,
    fallback: `${matches.length} accounts match "${query}"`,
    blocks: [
      { type: 'text', text: rich(`${matches.length} accounts match "${query}". Pick one:`) },
      {
        type: 'list',
        items: matches.map((a) => ({
          text: rich(label(a)),
          detail: rich(a.externalId),
          action: button('Pick', ACTIONS.pickAccount, { accountId: a.id }),
        })),
      },
    ],
  };
}

/** Nothing matches: say so, and offer the closest names. */
export function noMatchCard(query: string, suggestions: AccountChoice[]): Card {
  const text =
    suggestions.length > 0
      ? `No account matches "${query}". Did you mean ${suggestions.map((s) => shortName(s.name)).join(', ')}?`
      : `No account matches "${query}".`;
  return {
    title: 'No such account',
    fallback: text,
    blocks: [
      { type: 'text', text: rich(text) },
      ...(suggestions.length > 0
        ? [
            {
              type: 'list' as const,
              items: suggestions.map((a) => ({
                text: rich(label(a)),
                action: button('Pick', ACTIONS.pickAccount, { accountId: a.id }),
              })),
            },
          ]
        : []),
    ],
  };
}
