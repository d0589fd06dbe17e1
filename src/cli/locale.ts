import type { AppContext } from '../app/context';
import { type Locale, shellLocale } from '../domain/locale';

/**
 * The language of the command line's messages: `TEND_LANG` when it names one Tend speaks, else
 * Chinese when the shell's `LANG` is (zh_CN.UTF-8), else the settings' `language`.
 * `--json` output is for machines and never changes.
 */
export function cliLocale(
  ctx: Pick<AppContext, 'config'>,
  env: Record<string, string | undefined> = process.env,
): Locale {
  return shellLocale(env) ?? ctx.config.settings.language;
}
