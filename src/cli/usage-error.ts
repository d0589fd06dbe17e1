import { t } from '../cards/i18n/t';
import type { Locale } from '../domain/locale';
import { TendError } from '../errors';

/**
 * A usage mistake: exit 2 with the command's forms. The forms are commands and stay as typed;
 * only the "usage:" word around them follows the command line's language (the msg, which
 * runCli words in cliLocale's choice).
 */
export function usageError(form: string | undefined): TendError {
  const forms = form ?? '';
  return new TendError('usage', `usage: ${forms}`, 2, { key: 'cli.usage', params: { forms } });
}

/** Several forms, one per indented line, for a command printing its own usage. */
export function usageLines(locale: Locale, forms: readonly string[]): string {
  return t(locale, 'cli.usageLines', { forms: forms.join('\n  ') });
}
