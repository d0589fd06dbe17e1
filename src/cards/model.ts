import type { Locale } from '../domain/locale';
import type { MetricsScope } from '../domain/metrics';
import { type ActionId, type ActionValue, encodeValue } from './actions';

/**
 * The platform-neutral card. Use cases build it; renderers turn it into Block Kit, Adaptive
 * Cards 1.5 or plain text. It says what to show, never how a platform lays it out.
 */
export interface Card {
  /** The header line (account name, "Your follow-ups", …). */
  title: string;
  /** Plain one-line summary for notifications and screen readers. */
  fallback: string;
  blocks: CardBlock[];
  /**
   * A form's submit: present when the card holds inputs. Slack shows the card as a modal (the
   * verb is its callback_id, the value its private_metadata); Teams as a form whose Save is an
   * Action.Execute with this verb and value, plus the inputs' values.
   */
  submit?: Submit;
  /** The language the card was written in: renderers write their own words ("and 3 more") in it. */
  locale?: Locale;
  /**
   * Pictures that go with the card, drawn after it is answered (app/charts.ts): Slack uploads
   * them as files beside the answer, Teams inlines them as images when the card stays small.
   * The card's text carries the same figures, so a card without them says everything.
   */
  charts?: ChartSpec;
}

export type ChartSpec =
  | { kind: 'account'; accountId: number; accountName: string }
  | { kind: 'metrics'; scope: MetricsScope };

export interface Submit {
  label: string;
  actionId: ActionId;
  value: string;
}

/** A run of text with emphasis; user-supplied text stays plain and renderers escape it. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** A link target (http(s) URL). */
  url?: string;
}
export type Rich = Span[];

export type CardBlock =
  | { type: 'text'; text: Rich }
  | { type: 'context'; text: Rich }
  | { type: 'facts'; facts: Fact[] }
  | {
      type: 'list';
      title?: string;
      items: ListItem[];
      more?: number;
      empty?: string;
      /** Shows the rows after these ("Show next 25"), below the "and N more" line. */
      next?: Button;
    }
  | { type: 'actions'; elements: ActionElement[] }
  | { type: 'divider' }
  | { type: 'status'; text: Rich }
  | { type: 'input'; input: FormInput }
  /** A picture by URL (Teams: a data: URL of a small PNG); a surface that can't show it skips it. */
  | { type: 'image'; url: string; alt: string };

interface InputBase {
  /** The field's id: Slack's block_id and action_id, the Adaptive Card input id. */
  id: string;
  label: string;
  required?: boolean;
}

/** One field of a form. Initial values are what the field shows before anyone types. */
export type FormInput =
  | (InputBase & {
      kind: 'text';
      multiline?: boolean;
      placeholder?: string;
      initial?: string;
      maxLength?: number;
      /** Shown by hosts that check a required field before sending (Adaptive Cards). */
      requiredMessage?: string;
    })
  | (InputBase & { kind: 'date'; placeholder?: string; initial?: string })
  | (InputBase & {
      kind: 'select';
      placeholder?: string;
      options: { label: string; value: string }[];
      initial?: string;
    })
  | (InputBase & {
      kind: 'user';
      placeholder?: string;
      /** A platform user id (Slack: U…); surfaces whose ids differ leave the picker empty. */
      initial?: string;
    });

export interface Fact {
  label: string;
  value: Rich;
}

export interface ListItem {
  text: Rich;
  detail?: Rich;
  /** One action for the row (Done, Pick, …). */
  action?: Button;
}

export interface Button {
  kind: 'button';
  label: string;
  actionId: ActionId;
  value: string;
  style?: 'primary' | 'danger';
  /** Ask before acting (Slack's confirm dialog; a confirm step on an Adaptive Card). */
  confirm?: Confirm;
}

/** A question a button asks before it acts, for what is hard to take back. */
export interface Confirm {
  title: string;
  text: string;
  /** The label of the button that goes ahead. */
  yes: string;
  no: string;
}

/** A choice among fixed options (snooze 1 h / 4 h / 1 day / 1 week). */
export interface Select {
  kind: 'select';
  label: string;
  actionId: ActionId;
  options: { label: string; value: string }[];
}

/** Pick a person (assign). Platforms with a native user picker use it. */
export interface UserSelect {
  kind: 'user-select';
  label: string;
  actionId: ActionId;
  /** Carried with the chosen user, e.g. the alert id. */
  value: string;
}

export type ActionElement = Button | Select | UserSelect;

// Small builders keep card code readable.
export const plain = (text: string): Span => ({ text });
export const bold = (text: string): Span => ({ text, bold: true });
export const italic = (text: string): Span => ({ text, italic: true });
export const code = (text: string): Span => ({ text, code: true });
export const rich = (...spans: (Span | string)[]): Rich =>
  spans.map((s) => (typeof s === 'string' ? { text: s } : s));

export function button<V extends ActionId>(
  label: string,
  actionId: V,
  value: ActionValue<V>,
  style?: Button['style'],
  confirm?: Confirm,
): Button {
  return {
    kind: 'button',
    label,
    actionId,
    value: encodeValue(actionId, value),
    ...(style ? { style } : {}),
    ...(confirm ? { confirm } : {}),
  };
}

export function submit<V extends ActionId>(
  label: string,
  actionId: V,
  value: ActionValue<V>,
): Submit {
  return { label, actionId, value: encodeValue(actionId, value) };
}

/**
 * A card that cannot be drawn on a surface without losing its meaning: an id or a value past
 * the platform's limit (clipping it would send an id nobody knows, or JSON that no longer
 * parses). A programming error in the card, thrown when the card is rendered.
 */
export class CardRenderError extends Error {
  readonly code = 'card_render_error';
  constructor(
    readonly surface: 'slack' | 'teams',
    readonly field: string,
    readonly limit: number,
    readonly length: number,
  ) {
    super(`${surface}: ${field} is ${length} characters, over the limit of ${limit}`);
    this.name = 'CardRenderError';
  }
}

export function richToPlain(text: Rich): string {
  return text.map((s) => s.text).join('');
}
