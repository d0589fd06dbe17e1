import type { Locale } from '../domain/locale';
import { t } from './i18n/t';
import type {
  ActionElement,
  Card,
  CardBlock,
  FormInput,
  ListItem,
  Rich,
  Span,
  Submit,
} from './model';
import { renderText } from './text';

// Adaptive Cards as plain JSON: the schema's shapes we produce, no SDK types (only
// src/chat/teams may import botbuilder, and the renderer is shared with the local workspace).
export type AcElement = Record<string, unknown> & { type: string };
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  fallbackText: string;
  body: AcElement[];
  /** Teams draws bot cards narrow unless asked; other hosts ignore the key. */
  msteams: { width: 'Full' };
}

export const AC_LIMITS = {
  /** Teams refuses messages past ~100 KB and Microsoft advises ~80 KB; stay well under. */
  cardBytes: 40_000,
  /** Teams shows at most 6 actions in one action set; more go to the next set. */
  actionsPerSet: 6,
  textRun: 3000,
  fallbackText: 3000,
  title: 150,
} as const;

/** What a click sends back, on Action.Execute (`verb` + data) and Action.Submit (data only). */
export interface ActionData {
  verb: string;
  /** The button's value (JSON string) or, for a user picker, the value it carries. */
  value?: string;
  /** For selects and pickers: the id of the input whose chosen value rides in the data. */
  input?: string;
  [inputId: string]: unknown;
}

/** Cuts text to `max` characters with an ellipsis, never inside a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

// TextRuns never interpret markdown, so user text shows as typed without escaping.
function textRun(span: Span, subtle = false): AcElement {
  return {
    type: 'TextRun',
    text: clip(span.text, AC_LIMITS.textRun),
    ...(span.bold ? { weight: 'Bolder' } : {}),
    ...(span.italic ? { italic: true } : {}),
    ...(span.code ? { fontType: 'Monospace' } : {}),
    ...(subtle ? { isSubtle: true, size: 'Small' } : {}),
    ...(span.url && /^https?:\/\//.test(span.url)
      ? { selectAction: { type: 'Action.OpenUrl', url: span.url } }
      : {}),
  };
}

function richBlock(text: Rich, subtle = false, extra: Record<string, unknown> = {}): AcElement {
  const runs = text.filter((s) => s.text !== '').map((s) => textRun(s, subtle));
  return { type: 'RichTextBlock', inlines: runs.length > 0 ? runs : [' '], ...extra };
}

const plainOf = (text: Rich) => text.map((s) => s.text).join('');

function inputId(element: ActionElement): string {
  return `${element.actionId}.choice`;
}

function execute(title: string, data: ActionData, style?: 'primary' | 'danger'): AcElement {
  const shown = clip(title, 75);
  const tone = style === 'primary' ? 'positive' : style === 'danger' ? 'destructive' : undefined;
  return {
    type: 'Action.Execute',
    title: shown,
    verb: data.verb,
    data,
    ...(tone ? { style: tone } : {}),
    // Hosts without Universal Actions send the same data as a message with `value`.
    fallback: { type: 'Action.Submit', title: shown, data },
  };
}

/** An element becomes its inputs (selects, pickers) plus one action. */
function renderElement(element: ActionElement): { inputs: AcElement[]; action: AcElement } {
  switch (element.kind) {
    case 'button': {
      const act = execute(
        element.label,
        { verb: element.actionId, value: element.value },
        element.style,
      );
      if (!element.confirm) return { inputs: [], action: act };
      // Adaptive Cards have no confirm dialog: the button opens a small card that asks, and
      // only its own button acts.
      const c = element.confirm;
      return {
        inputs: [],
        action: {
          type: 'Action.ShowCard',
          title: clip(element.label, 75),
          card: {
            type: 'AdaptiveCard',
            body: [
              {
                type: 'TextBlock',
                text: clip(c.title, AC_LIMITS.title),
                weight: 'Bolder',
                wrap: true,
              },
              { type: 'TextBlock', text: clip(c.text, AC_LIMITS.textRun), wrap: true },
            ],
            actions: [{ ...act, title: clip(c.yes, 75) }],
          },
        },
      };
    }
    case 'select':
      return {
        inputs: [
          {
            type: 'Input.ChoiceSet',
            id: inputId(element),
            label: element.label,
            style: 'compact',
            choices: element.options.slice(0, 100).map((o) => ({ title: o.label, value: o.value })),
          },
        ],
        action: execute(element.label, { verb: element.actionId, input: inputId(element) }),
      };
    case 'user-select':
      return {
        inputs: [
          {
            type: 'Input.ChoiceSet',
            id: inputId(element),
            label: element.label,
            choices: [],
            // Teams' people picker: the chosen value is the user's AAD object id.
            'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
          },
        ],
        action: execute(element.label, {
          verb: element.actionId,
          value: element.value,
          input: inputId(element),
        }),
      };
  }
}

function actionSets(elements: ActionElement[]): AcElement[] {
  const rendered = elements.map(renderElement);
  const out: AcElement[] = rendered.flatMap((r) => r.inputs);
  const actions = rendered.map((r) => r.action);
  for (let i = 0; i < actions.length; i += AC_LIMITS.actionsPerSet) {
    out.push({ type: 'ActionSet', actions: actions.slice(i, i + AC_LIMITS.actionsPerSet) });
  }
  return out;
}

/** A form field. Its value rides in the action's data under its id when the form is sent. */
function inputElement(input: FormInput): AcElement {
  const base = {
    id: input.id,
    label: clip(input.label, AC_LIMITS.textRun),
    ...(input.required ? { isRequired: true } : {}),
    ...(input.placeholder ? { placeholder: clip(input.placeholder, AC_LIMITS.textRun) } : {}),
  };
  switch (input.kind) {
    case 'text':
      return {
        type: 'Input.Text',
        ...base,
        ...(input.multiline ? { isMultiline: true } : {}),
        ...(input.maxLength ? { maxLength: input.maxLength } : {}),
        ...(input.initial ? { value: input.initial } : {}),
        ...(input.requiredMessage ? { errorMessage: input.requiredMessage } : {}),
      };
    case 'date':
      return { type: 'Input.Date', ...base, ...(input.initial ? { value: input.initial } : {}) };
    case 'select':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        style: 'compact',
        choices: input.options.slice(0, 100).map((o) => ({ title: o.label, value: o.value })),
        ...(input.initial ? { value: input.initial } : {}),
      };
    case 'user':
      // Teams' people picker; a Slack user id means nothing here, so no initial value.
      return {
        type: 'Input.ChoiceSet',
        ...base,
        choices: [],
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      };
  }
}

/** The form's Save: Action.Execute with the submit's verb and value; the inputs ride along. */
function submitSet(s: Submit): AcElement {
  return {
    type: 'ActionSet',
    actions: [execute(s.label, { verb: s.actionId, value: s.value }, 'primary')],
  };
}

function listItem(item: ListItem): AcElement {
  const text: AcElement[] = [richBlock(item.text)];
  if (item.detail && item.detail.length > 0) {
    text.push(richBlock(item.detail, true, { spacing: 'None' }));
  }
  if (!item.action) return { type: 'Container', spacing: 'Small', items: text };
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: 'stretch', items: text, verticalContentAlignment: 'Center' },
      {
        type: 'Column',
        width: 'auto',
        items: actionSets([item.action]),
        verticalContentAlignment: 'Center',
      },
    ],
  };
}

const subtleText = (text: string): AcElement => ({
  type: 'TextBlock',
  text: clip(text, AC_LIMITS.textRun),
  isSubtle: true,
  size: 'Small',
  wrap: true,
  spacing: 'Small',
});

function renderBlock(block: CardBlock, locale: Locale): AcElement[] {
  switch (block.type) {
    case 'text':
      return [richBlock(block.text)];
    case 'context':
      return [richBlock(block.text, true, { spacing: 'Small' })];
    case 'status':
      return [{ type: 'Container', style: 'emphasis', items: [richBlock(block.text)] }];
    case 'divider':
      return [{ type: 'Container', separator: true, spacing: 'Medium', items: [] }];
    case 'input':
      return [inputElement(block.input)];
    case 'image':
      return [{ type: 'Image', url: block.url, altText: clip(block.alt, 200), size: 'Stretch' }];
    case 'facts':
      return [
        {
          type: 'FactSet',
          facts: block.facts.map((f) => ({
            title: clip(f.label, 100),
            value: clip(plainOf(f.value), AC_LIMITS.textRun),
          })),
        },
      ];
    case 'actions':
      return block.elements.length === 0 ? [] : actionSets(block.elements);
    case 'list': {
      const out: AcElement[] = [];
      if (block.title) {
        out.push({
          type: 'TextBlock',
          text: clip(block.title, AC_LIMITS.title),
          weight: 'Bolder',
          wrap: true,
          spacing: 'Medium',
        });
      }
      if (block.items.length === 0 && !block.more && block.empty) out.push(subtleText(block.empty));
      out.push(...block.items.map(listItem));
      if (block.more && block.more > 0) {
        out.push(subtleText(t(locale, 'card.andMore', { n: block.more })));
      }
      if (block.next) out.push(...actionSets([block.next]));
      return out;
    }
  }
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function build(card: Card, blocks: CardBlock[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: clip(renderText({ ...card, blocks }), AC_LIMITS.fallbackText),
    body: [
      // A card without a title is a short message (a thread reply): no header.
      ...(card.title
        ? [
            {
              type: 'TextBlock',
              text: clip(card.title, AC_LIMITS.title),
              size: 'Large',
              weight: 'Bolder',
              wrap: true,
            },
          ]
        : []),
      ...blocks.flatMap((b) => renderBlock(b, card.locale ?? 'en')),
      ...(card.submit ? [submitSet(card.submit)] : []),
    ],
    msteams: { width: 'Full' },
  };
}

/**
 * The card as an Adaptive Card 1.5 within `maxBytes` of JSON. When it is too large, rows of the
 * longest list go first (header, facts and buttons matter most) with an "and N more" line;
 * as a last resort trailing blocks are dropped. Never throws on a large card.
 */
export function renderAdaptiveCard(card: Card, maxBytes: number = AC_LIMITS.cardBytes) {
  let blocks = card.blocks;
  let rendered = build(card, blocks);
  while (bytes(rendered) > maxBytes) {
    const lists = blocks
      .map((b, i) => ({ b, i }))
      .filter((x) => x.b.type === 'list' && x.b.items.length > 0);
    const longest = lists.sort((x, y) => bytes(y.b) - bytes(x.b))[0];
    if (longest?.b.type !== 'list') break;
    const list = longest.b;
    // Cut about as many rows as the excess needs, so even a huge card takes few passes.
    const over = bytes(rendered) - maxBytes;
    const rowBytes = bytes(list.items) / list.items.length;
    const cut = Math.max(1, Math.min(list.items.length, Math.ceil(over / rowBytes)));
    const items = list.items.slice(0, list.items.length - cut);
    blocks = blocks.map((b, i) =>
      i === longest.i ? { ...list, items, more: (list.more ?? 0) + cut } : b,
    );
    rendered = build(card, blocks);
  }
  // Last resort: drop the last block that is not buttons (the buttons are what a card is for).
  while (bytes(rendered) > maxBytes) {
    const drop = blocks.findLastIndex((b) => b.type !== 'actions');
    if (drop < 0) break;
    blocks = blocks.filter((_, i) => i !== drop);
    rendered = build(card, [
      ...blocks,
      { type: 'context', text: [{ text: t(card.locale ?? 'en', 'card.cutNote') }] },
    ]);
  }
  return rendered;
}

/** The Bot Framework attachment for a card. */
export function adaptiveCardAttachment(card: Card) {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive' as const,
    content: renderAdaptiveCard(card),
  };
}
