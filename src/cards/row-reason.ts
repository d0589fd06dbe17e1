import type { Locale } from '../domain/locale';
import { type MessageKey, t } from './i18n/t';

/**
 * A rejected import row's reason as a person reads it. The validators word reasons in English
 * once, and the API returns exactly those (machines match on them); the CLI and chat show them
 * in the reader's language through this table. A reason no pattern knows is shown as given.
 */
const REASONS: [RegExp, MessageKey, string[]][] = [
  [/^unknown field$/, 'rowReason.unknownField', []],
  [/^required$/, 'rowReason.required', []],
  [/^unknown account$/, 'rowReason.unknownAccount', []],
  [/^must be an object$/, 'rowReason.object', []],
  [/^has (\d+) cells, the header has (\d+)$/, 'rowReason.cells', ['n', 'header']],
  [/^is in the future$/, 'rowReason.future', []],
  [/^must be a non-empty string$|^must not be empty$/, 'rowReason.empty', []],
  [/^must be a string$/, 'rowReason.string', []],
  [/^longer than (\d+) characters$/, 'rowReason.tooLong', ['max']],
  [/^must be a number$/, 'rowReason.number', []],
  [/^must be a whole number$/, 'rowReason.wholeNumber', []],
  [/^must be a decimal number like (\S+)$/, 'rowReason.decimal', ['example']],
  [/^must not be negative$/, 'rowReason.negative', []],
  [/^must be at most (\S+)$/, 'rowReason.atMost', ['max']],
  [/^must be a (?:real )?day like (\S+)$/, 'rowReason.day', ['example']],
  [
    /^must be a time (?:with an offset )?like (\S+?),? ?(?:or a day)?$/,
    'rowReason.time',
    ['example'],
  ],
  [/^must be between (\S+) and (\S+) for (\S+)$/, 'rowReason.betweenFor', ['min', 'max', 'kind']],
  [/^must be between (\S+) and (\S+)$/, 'rowReason.between', ['min', 'max']],
  [/^must be an e-mail address$/, 'rowReason.email', []],
  [/^must be one of (.+)$/, 'rowReason.oneOf', ['list']],
  [/^is before (\S+)$/, 'rowReason.before', ['field']],
  [/^is more than (\S+)$/, 'rowReason.moreThan', ['field']],
  [/^contains a control character$/, 'rowReason.control', []],
  [/^contains an unpaired surrogate/, 'rowReason.surrogate', []],
  [/^is empty: the company cannot be matched to an account$/, 'rowReason.noCompanyId', []],
];

export function rowReasonText(locale: Locale, reason: string): string {
  if (locale === 'en') return reason;
  for (const [pattern, key, names] of REASONS) {
    const m = pattern.exec(reason);
    if (!m) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, m[i + 1] ?? '']));
    return t(locale, key, params);
  }
  return reason;
}
