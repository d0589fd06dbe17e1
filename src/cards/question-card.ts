import type { Locale } from '../domain/locale';
import { ALERT_STATE_KEY } from './account-card';
import { ACCOUNTS_SHOWN, line, renewalText } from './account-list-card';
import { alertSummary } from './alert-summary';
import { formatMoney, plural, ruleWords, shortName } from './format';
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
): Card {
  const headline = `${plural(page.total, 'account')} · ${formatMoney(page.arrTotal)} ARR`;
  const title =
    measure === 'count'
      ? plural(page.total, 'account')
      : measure === 'arr'
        ? `${formatMoney(page.arrTotal)} ARR`
        : 'Accounts';
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
              `ARR ${formatMoney(a.arr)} · ${renewalText(a, today)} · ${a.ownerEmail ?? 'no owner'}`,
            ),
          ),
          more: page.total > page.rows.length ? page.total - page.rows.length : undefined,
          empty: 'No account matches.',
        },
      ],
    },
    understood,
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
      title: 'Your open alerts',
      fallback: plural(alerts.total, 'open alert'),
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
          empty: 'No open alerts on your accounts or assigned to you.',
        },
      ],
    },
    understood,
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
export function modelAnswerCard(text: string, cited: string[], model: string): Card {
  // Full names: a citation must say exactly which account.
  const shown = cited.slice(0, MAX_CITED).join(', ');
  const more = cited.length > MAX_CITED ? ` and ${cited.length - MAX_CITED} more` : '';
  return {
    title: 'Answer',
    fallback: text,
    blocks: [
      {
        type: 'context',
        text: rich(
          `Answered by the language model ${model} from Tend's data (the parser could not read the question)`,
        ),
      },
      { type: 'text', text: rich(text) },
      {
        type: 'context',
        text: rich(
          bold('Accounts used: '),
          cited.length === 0 ? 'none matched' : `${shown}${more}`,
        ),
      },
    ],
  };
}
