import { list } from '../cards/i18n/format';
import { t } from '../cards/i18n/t';
import type { Locale } from '../domain/locale';

/** "tend: no account matches …", with the closest names when there are some. */
export function noMatchLine(locale: Locale, query: string, names: string[]): string {
  return names.length
    ? t(locale, 'cli.noMatchDidYouMean', { query, names: list(locale, names) })
    : t(locale, 'cli.noMatch', { query });
}
