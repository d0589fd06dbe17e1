import type { Locale } from '../domain/locale';
import { type Card, rich } from './model';

/** A one-paragraph answer (an error, a confirmation, "coming soon"), in `locale` when given. */
export function noticeCard(title: string, text: string, locale?: Locale): Card {
  return {
    title,
    fallback: text,
    blocks: [{ type: 'text', text: rich(text) }],
    ...(locale ? { locale } : {}),
  };
}
