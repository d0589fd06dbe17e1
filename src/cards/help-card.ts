import type { Locale } from '../domain/locale';
import { type MessageKey, t } from './i18n/t';
import { type Card, code, rich } from './model';

interface HelpEntry {
  usage: MessageKey;
  example: MessageKey;
  what: MessageKey;
  /** Only admins (settings `admins`) may run it; others get a refusal that says so. */
  adminOnly?: true;
}

/**
 * Every chat command with an example; the same words work as Teams messages. The admin
 * commands are listed to everyone, marked "admins only", so a person knows they exist and whom
 * to ask (a refusal says the same). Each entry's words are catalog keys: a Chinese reader gets
 * Chinese placeholders and an example with Chinese arguments the parser takes.
 */
const HELP: HelpEntry[] = [
  { usage: 'help.health.usage', example: 'help.health.example', what: 'help.health.what' },
  { usage: 'help.portfolio.usage', example: 'help.portfolio.example', what: 'help.portfolio.what' },
  { usage: 'help.followup.usage', example: 'help.followup.example', what: 'help.followup.what' },
  { usage: 'help.followups.usage', example: 'help.followups.example', what: 'help.followups.what' },
  { usage: 'help.note.usage', example: 'help.note.example', what: 'help.note.what' },
  { usage: 'help.touch.usage', example: 'help.touch.example', what: 'help.touch.what' },
  { usage: 'help.timeline.usage', example: 'help.timeline.example', what: 'help.timeline.what' },
  { usage: 'help.plan.usage', example: 'help.plan.example', what: 'help.plan.what' },
  { usage: 'help.prep.usage', example: 'help.prep.example', what: 'help.prep.what' },
  { usage: 'help.renewals.usage', example: 'help.renewals.example', what: 'help.renewals.what' },
  { usage: 'help.risk.usage', example: 'help.risk.example', what: 'help.risk.what' },
  { usage: 'help.loops.usage', example: 'help.loops.example', what: 'help.loops.what' },
  { usage: 'help.stats.usage', example: 'help.stats.example', what: 'help.stats.what' },
  { usage: 'help.play.usage', example: 'help.play.example', what: 'help.play.what' },
  { usage: 'help.subscribe.usage', example: 'help.subscribe.example', what: 'help.subscribe.what' },
  {
    usage: 'help.subscriptions.usage',
    example: 'help.subscriptions.example',
    what: 'help.subscriptions.what',
  },
  { usage: 'help.alerts.usage', example: 'help.alerts.example', what: 'help.alerts.what' },
  { usage: 'help.hours.usage', example: 'help.hours.example', what: 'help.hours.what' },
  { usage: 'help.follow.usage', example: 'help.follow.example', what: 'help.follow.what' },
  { usage: 'help.settings.usage', example: 'help.settings.example', what: 'help.settings.what' },
  { usage: 'help.language.usage', example: 'help.language.example', what: 'help.language.what' },
  { usage: 'help.help.usage', example: 'help.help.example', what: 'help.help.what' },
  {
    usage: 'help.external.usage',
    example: 'help.external.example',
    what: 'help.external.what',
    adminOnly: true,
  },
  {
    usage: 'help.privacy.usage',
    example: 'help.privacy.example',
    what: 'help.privacy.what',
    adminOnly: true,
  },
];

/** The help entries in English (the README, the Slack manifest and their tests read these). */
export const COMMAND_HELP: { usage: string; example: string; what: string; adminOnly?: true }[] =
  HELP.map((h) => ({
    usage: t('en', h.usage),
    example: t('en', h.example),
    what: t('en', h.what),
    ...(h.adminOnly ? { adminOnly: h.adminOnly } : {}),
  }));

/** Every command with an example, in `locale`; `intro` (a problem, already worded) on top. */
export function helpCard(locale: Locale = 'en', intro?: string): Card {
  return {
    title: t(locale, 'help.title'),
    fallback: t(locale, 'help.fallback'),
    locale,
    blocks: [
      ...(intro ? [{ type: 'text' as const, text: rich(intro) }] : []),
      {
        type: 'list',
        items: HELP.map((c) => ({
          text: rich(
            code(t(locale, c.usage)),
            ` ${c.adminOnly ? t(locale, 'help.adminsOnly') : ''}${t(locale, c.what)}`,
          ),
          detail: rich(t(locale, 'help.eg'), code(t(locale, c.example))),
        })),
      },
    ],
  };
}
