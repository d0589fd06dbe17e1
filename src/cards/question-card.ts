import type { Locale } from '../domain/locale';
import { ALERT_STATE_KEY } from './account-card';
import { ACCOUNTS_SHOWN, line, renewalText } from './account-list-card';
import { alertSummary } from './alert-summary';
import { ruleWords, shortName } from './format';

import { money } from './i18n/format';
import { t } from './i18n/t';
import { bold, type Card, rich } from './model';
import type { AccountLine } from './views';

/**
 * A card answering a question, with what Tend understood on top: a wrong reading shows at
 * once ("Understood: red · enterprise · renews ≤ 90 days") instead of a silent wrong answer.
 */
export function withUnderstood(card: Card, understood: string, locale: Locale = 'en'): Card {
  return {
    ...card,
    blocks: [
      { type: 'context', text: rich(t(locale, 'question.understood'), bold(understood)) },
      ...card.blocks,
    ],
  };
}

/** Accounts matching a question: the count and ARR first, then the riskiest or soonest. */
export function questionAccountsCard(
  page: { rows: AccountLine[]; total: number; arrTotal: number },
  measure: 'list' | 'count' | 'arr',
  understood: string,
  today: string,
  locale: Locale = 'en',
): Card {
  const arr = money(locale, page.arrTotal);
  const headline = t(locale, 'question.accountsHeadline', { n: page.total, money: arr });
  const title =
    measure === 'count'
      ? t(locale, 'question.accountsCount', { n: page.total })
      : measure === 'arr'
        ? t(locale, 'question.arrTotal', { money: arr })
        : t(locale, 'question.accountsTitle');
  return withUnderstood(
    {
      title,
      fallback: `${headline} (${understood})`,
      blocks: [
        { type: 'text', text: rich(bold(headline)) },
        {
          type: 'list',
          items: page.rows.map((a) =>
            line(
              a,
              [
                t(locale, 'list.arr', { money: money(locale, a.arr) }),
                renewalText(a, today, locale),
                a.ownerEmail ?? t(locale, 'list.noOwner'),
              ].join(' · '),
              locale,
            ),
          ),
          more: page.total > page.rows.length ? page.total - page.rows.length : undefined,
          empty: t(locale, 'question.noAccountMatches'),
        },
      ],
    },
    understood,
    locale,
  );
}

export { ACCOUNTS_SHOWN };

/** "my alerts": open alerts on my accounts or assigned to me, newest first. */
export function myAlertsCard(
  alerts: {
    rows: {
      accountName: string;
      rule: string;
      summary: string;
      /** The summary as code and values (alerts.summary_args); null on older alerts. */
      summaryArgs?: unknown;
      status: string;
    }[];
    total: number;
  },
  understood: string,
  locale: Locale = 'en',
): Card {
  return withUnderstood(
    {
      title: t(locale, 'question.alertsTitle'),
      fallback: t(locale, 'question.alertsFallback', { n: alerts.total }),
      blocks: [
        {
          type: 'list',
          items: alerts.rows.map((a) => ({
            // The rows in the asker's language; the title and empty line stay with the /cs answers.
            text: rich(
              bold(`${shortName(a.accountName)}: `),
              alertSummary(locale, a.summary, a.summaryArgs),
            ),
            detail: rich(
              `${ruleWords(a.rule, locale)} · ${ALERT_STATE_KEY[a.status] ? t(locale, ALERT_STATE_KEY[a.status]!) : a.status}`,
            ),
          })),
          more: alerts.total > alerts.rows.length ? alerts.total - alerts.rows.length : undefined,
          empty: t(locale, 'question.alertsEmpty'),
        },
      ],
    },
    understood,
    locale,
  );
}

/** Not understood: say so and name the closest command (the help card lists them all). */
export function notUnderstoodMessage(suggestion: string, locale: Locale = 'en'): string {
  return t(locale, 'question.notUnderstood', { suggestion });
}

const MAX_CITED = 20;

/**
 * The language model's answer to a question the parser could not read: labelled as the
 * model's, with the accounts its look-ups returned, so it can be checked.
 */
export function modelAnswerCard(
  text: string,
  cited: string[],
  model: string,
  locale: Locale = 'en',
): Card {
  // Full names: a citation must say exactly which account.
  const shown = cited.slice(0, MAX_CITED).join(', ');
  const more =
    cited.length > MAX_CITED
      ? t(locale, 'question.citedMore', { n: cited.length - MAX_CITED })
      : '';
  return {
    title: t(locale, 'question.answerTitle'),
    fallback: text,
    blocks: [
      { type: 'context', text: rich(t(locale, 'question.answeredBy', { model })) },
      { type: 'text', text: rich(text) },
      {
        type: 'context',
        text: rich(
          bold(t(locale, 'question.accountsUsed')),
          cited.length === 0 ? t(locale, 'question.noneMatched') : `${shown}${more}`,
        ),
      },
    ],
  };
}
