/**
 * The languages Tend speaks. A language is added by adding its tag here and a catalog beside
 * cards/i18n/en.ts; settings, `/cs language` and the platforms' locales are checked against
 * this list.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A platform's locale tag as one Tend speaks, or null: Slack says `zh-CN` or `en-US`, Teams
 * `zh-cn` or `en-GB`; people type `zh`, `中文` or `chinese`. Any Chinese becomes zh-CN (the
 * only Chinese catalog), any English en.
 */
export function normalizeLocale(tag: string | null | undefined): Locale | null {
  const t = tag?.trim().toLowerCase().replaceAll('_', '-');
  if (!t) return null;
  if (t === '中文' || t === '简体中文' || t === 'chinese' || t === 'zh' || t.startsWith('zh-')) {
    return 'zh-CN';
  }
  if (t === 'english' || t === '英文' || t === '英语' || t === 'en' || t.startsWith('en-')) {
    return 'en';
  }
  return null;
}

/**
 * A message as keys and parameters: what domain code returns instead of words, so domain stays
 * free of catalogs and each reader gets it in their own language.
 */
export interface Msg {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * The language a shell asks for: `TEND_LANG` when it names one Tend speaks, else Chinese when
 * `LANG` is (zh_CN.UTF-8), else null (the settings decide). Only a Chinese LANG counts: an
 * English shell (the usual default) says nothing about the team.
 */
export function shellLocale(env: Record<string, string | undefined>): Locale | null {
  const chosen = normalizeLocale(env.TEND_LANG);
  if (chosen) return chosen;
  return /^zh/i.test(env.LANG ?? '') ? 'zh-CN' : null;
}
