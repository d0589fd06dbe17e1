import { unescapeSlackText } from './escaping';

/**
 * A message's text as typed: the bot's mention gone, Slack's markup for links and e-mails
 * (`<mailto:jane@x.com|jane@x.com>`, `<https://…|label>`) back to what was shown, and
 * `&lt;` `&gt;` `&amp;` unescaped last (so a typed "<@U1>" is not mistaken for a mention).
 */
export function slackMessageText(raw: string): string {
  return unescapeSlackText(
    raw
      .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
      .replace(/<(?:mailto:|https?:\/\/)[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<mailto:([^>]*)>/g, '$1')
      .replace(/<(https?:\/\/[^>]*)>/g, '$1'),
  )
    .replace(/\s+/g, ' ')
    .trim();
}
