/**
 * Slack sends typed text (slash command text, message text) with `&`, `<` and `>` escaped as
 * `&amp;` `&lt;` `&gt;`, so that `<…>` always means a link or mention. Tend reads the text
 * as typed; its own output is escaped again by the Block Kit renderer.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What Slack does to typed text before it sends or stores it. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
