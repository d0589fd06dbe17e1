import type { z } from 'zod';
import { ACTIONS, listPageValue } from './actions';
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
): { more?: number; next?: Button } {
  const rest = total - page.offset - shown;
  if (rest <= 0) return {};
  const label = `Show next ${Math.min(size, rest)}`;
  return {
    more: rest,
    next: button(label, ACTIONS.listPage, { ...page, offset: page.offset + shown }),
  };
}

/** "26–50 of 60" for a page after the first; nothing for the first. */
export function pageRange(total: number, offset: number, shown: number): string {
  return offset === 0 || shown === 0 ? '' : ` (${offset + 1}–${offset + shown} of ${total})`;
}
