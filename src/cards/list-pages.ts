import type { z } from 'zod';
import type { Locale } from '../domain/locale';
import { ACTIONS, listPageValue } from './actions';
import { t } from './i18n/t';
import { type Button, button } from './model';

export { listPageValue };
export type ListPage = z.infer<typeof listPageValue>;

/**
 * Paging for a list card: how many rows remain after this page and, when some do, the button
 * that shows the next page (below, keeping this one).
 */
export function paging(
  total: number,
  shown: number,
  page: ListPage,
  size: number,
  locale: Locale = 'en',
): { more?: number; next?: Button } {
  const rest = total - page.offset - shown;
  if (rest <= 0) return {};
  const label = t(locale, 'list.showNext', { n: String(Math.min(size, rest)) });
  return {
    more: rest,
    next: button(label, ACTIONS.listPage, { ...page, offset: page.offset + shown }),
  };
}

/** "26–50 of 60" for a page after the first; nothing for the first. */
export function pageRange(
  total: number,
  offset: number,
  shown: number,
  locale: Locale = 'en',
): string {
  return offset === 0 || shown === 0
    ? ''
    : t(locale, 'list.pageRange', {
        from: String(offset + 1),
        to: String(offset + shown),
        total: String(total),
      });
}
