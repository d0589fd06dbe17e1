import { type MessageKey, t } from '../cards/i18n/t';
import { TendError } from '../errors';

/**
 * An error a person can meet, worded from the catalogs: its message is the English text (logs,
 * the API, `--json`), and its `msg` lets a chat reply or the CLI say it in the reader's language.
 */
export function userError(
  code: string,
  key: MessageKey,
  params: Record<string, string | number> = {},
  exitCode = 1,
): TendError {
  return new TendError(code, t('en', key, params), exitCode, { key, params });
}
