import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { t } from './i18n/t';
import { button, type Card, rich } from './model';
import type { AccountChoice } from './views';

const label = (a: AccountChoice) =>
  a.domain ? `${shortName(a.name)} (${shortName(a.domain)})` : shortName(a.name);

/** Several accounts match: one Pick button each. */
export function choicesCard(query: string, matches: AccountChoice[], locale: Locale = 'en'): Card {
  const n = String(matches.length);
  return {
    title: t(locale, 'choices.title', { query }),
    fallback: t(locale, 'choices.fallback', { n, query }),
    locale,
    blocks: [
      { type: 'text', text: rich(t(locale, 'choices.text', { n, query })) },
      {
        type: 'list',
        items: matches.map((a) => ({
          text: rich(label(a)),
          detail: rich(a.externalId),
          action: button(t(locale, 'choices.pick'), ACTIONS.pickAccount, { accountId: a.id }),
        })),
      },
    ],
  };
}

/** Nothing matches: say so, and offer the closest names. */
export function noMatchCard(
  query: string,
  suggestions: AccountChoice[],
  locale: Locale = 'en',
): Card {
  const text =
    suggestions.length > 0
      ? t(locale, 'noMatch.didYouMean', {
          query,
          names: suggestions.map((s) => shortName(s.name)).join(', '),
        })
      : t(locale, 'noMatch.text', { query });
  return {
    title: t(locale, 'noMatch.title'),
    fallback: text,
    locale,
    blocks: [
      { type: 'text', text: rich(text) },
      ...(suggestions.length > 0
        ? [
            {
              type: 'list' as const,
              items: suggestions.map((a) => ({
                text: rich(label(a)),
                action: button(t(locale, 'choices.pick'), ACTIONS.pickAccount, { accountId: a.id }),
              })),
            },
          ]
        : []),
    ],
  };
}
