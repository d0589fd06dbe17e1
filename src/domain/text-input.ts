// What people type reaches Postgres (follow-up titles, queries, subscription filters), and
// Postgres refuses a NUL byte in text ("invalid byte sequence for encoding UTF8: 0x00") and a
// lone UTF-16 surrogate cannot be encoded at all. Other control characters are no one's
// intent either. So text from chat is cleaned at the edge, and fields sent to the API that
// carry them are refused with the field named.

/**
 * The longest command text read. Slack's own composer stops at 4,000 characters and a Teams
 * message is rarely longer; anything past this is refused before any parsing or lookup, so
 * the work a single message can cause stays small (400,000 characters once froze the process
 * for 36 s in the fuzzy match).
 */
export const MAX_COMMAND_CHARS = 4000;

// C0 controls and DEL, except tab, line feed and carriage return, which are whitespace to us.
// Also C1 controls (U+0080–U+009F), which no keyboard types.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const LONE_SURROGATE = new RegExp(LONE);
const LONE_SURROGATES = new RegExp(LONE, 'g');

// Anything either replacement could touch (any surrogate, paired or not): most chat text has
// none, and one test is cheaper than two replaces that find nothing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;

/** Chat text made storable: control characters become spaces, lone surrogates U+FFFD. */
export function cleanChatText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.replace(CONTROL, ' ').replace(LONE_SURROGATES, '\ufffd');
}

/** Why a stored text field cannot take this value, or null when it can. */
export function unstorableText(text: string): string | null {
  if (HAS_CONTROL.test(text)) return 'contains a control character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired surrogate (not valid Unicode)';
  return null;
}

/**
 * Cleans every string inside a parsed JSON value in place (cleanChatText), so a payload's
 * fields are storable wherever they end up. Iterative: a deeply nested body must not
 * overflow the stack.
 */
export function cleanStringsInPlace(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') {
        const clean = cleanChatText(value);
        if (clean !== value) record[key] = clean;
      } else if (value && typeof value === 'object') {
        stack.push(value);
      }
    }
  }
}
