import type { AppContext } from '../app/context';
import { type Locale, normalizeLocale } from '../domain/locale';

/**
 * The language of the command line's messages: `TEND_LANG` when it names one Tend speaks, else
 * Chinese when the shell's `LANG` is (zh_CN.UTF-8), else the settings' `language`. Only a
 * Chinese LANG overrides: an English shell (the usual default) says nothing about the team.
 * `--json` output is for machines and never changes.
 */
export function cliLocale(
  ctx: Pick<AppContext, 'config'>,
  env: Record<string, string | undefined> = process.env,
): Locale {
  const chosen = normalizeLocale(env.TEND_LANG);
  if (chosen) return chosen;
  if (/^zh/i.test(env.LANG ?? '')) return 'zh-CN';
  return ctx.config.settings.language;
}
