import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale, Msg } from '../../domain/locale';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { Locale } from '../../domain/locale';
export type { MessageKey } from './en';

/** Every catalog, by locale: each one has exactly en's keys (the compiler and a test say so). */
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number | Date>;

// A parsed message is reused: parsing is the costly part, a digest formats thousands of rows.
const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\n${key}`;
  let f = compiled.get(id);
  if (!f) {
    // ignoreTag: a "<" in a message is text, not markup (Slack escaping happens at render).
    f = new IntlMessageFormat(CATALOGS[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/** The message `key` in `locale`, with its ICU placeholders, plurals and selects filled. */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  const out = formatter(locale, key).format(params);
  return typeof out === 'string' ? out : String(out);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * A domain message (keys and parameters) in `locale`. A key no catalog knows is a programming
 * error: it throws, so a test meets it before a person does.
 */
export function tm(locale: Locale, msg: Msg): string {
  if (!isMessageKey(msg.key)) throw new Error(`no message ${msg.key} in the catalogs`);
  return t(locale, msg.key, msg.params);
}
