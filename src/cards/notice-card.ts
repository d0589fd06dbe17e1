import { type Card, rich } from './model';

/** A one-paragraph answer (an error, a confirmation, "coming soon"). */
export function noticeCard(title: string, text: string): Card {
  return { title, fallback: text, blocks: [{ type: 'text', text: rich(text) }] };
}
