import type { Locale } from '../domain/locale';
import { type MessageKey, t } from './i18n/t';
import {
  type ActionElement,
  type Card,
  type CardBlock,
  CardRenderError,
  type FormInput,
  type ListItem,
  type Rich,
  type Span,
} from './model';

// Block Kit as plain JSON. Slack's own types live in @slack/types, which only src/chat/slack
// may import; these are the few shapes we produce.
export type KitText = { type: 'plain_text'; text: string; emoji?: boolean } | Mrkdwn;
type Mrkdwn = { type: 'mrkdwn'; text: string };
export type KitElement = Record<string, unknown> & { type: string };
export type KitBlock = Record<string, unknown> & { type: string };

/** Slack's documented limits (api.slack.com/reference/block-kit); over them a call fails. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  actionId: 255,
  optionText: 75,
  placeholder: 150,
  label: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
  optionValue: 75,
  options: 100,
  fallbackText: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

export interface RenderOptions {
  /** 'message' allows 50 blocks, 'view' (modal, Home tab) 100. */
  surface?: 'message' | 'view';
}

/** Cuts text to `max` characters, ending in an ellipsis, never mid-surrogate-pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * An id or value the card needs back exactly (action_id, block_id, a button's JSON value):
 * past Slack's limit it can never be valid, and clipping would break it, so it is an error.
 */
export function exact(field: string, value: string, max: number): string {
  if (value.length > max) throw new CardRenderError('slack', field, max, value.length);
  return value;
}

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function spanToMrkdwn(span: Span): string {
  const raw = escapeMrkdwn(span.text);
  // Slack drops emphasis when the marker touches a space, so keep the spaces outside it.
  const lead = raw.match(/^\s*/)?.[0] ?? '';
  const trail = raw.slice(lead.length).match(/\s*$/)?.[0] ?? '';
  let core = raw.slice(lead.length, raw.length - trail.length);
  if (core === '') return raw;
  if (span.code) core = `\`${core.replace(/`/g, "'")}\``;
  if (span.bold) core = `*${core}*`;
  if (span.italic) core = `_${core}_`;
  if (span.url && /^https?:\/\//.test(span.url)) core = `<${span.url}|${core.replace(/\|/g, '/')}>`;
  return `${lead}${core}${trail}`;
}

export const richToMrkdwn = (text: Rich): string => text.map(spanToMrkdwn).join('');

const mrkdwn = (text: string, max: number): Mrkdwn => ({ type: 'mrkdwn', text: clip(text, max) });
const plainText = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(text || ' ', max),
  emoji: true,
});

function renderElement(element: ActionElement): KitElement {
  switch (element.kind) {
    case 'button':
      return {
        type: 'button',
        text: plainText(element.label, LIMITS.buttonText),
        action_id: element.actionId,
        value: exact('button value', element.value, LIMITS.buttonValue),
        ...(element.style ? { style: element.style } : {}),
        ...(element.confirm
          ? {
              confirm: {
                title: plainText(element.confirm.title, LIMITS.confirmTitle),
                text: plainText(element.confirm.text, LIMITS.confirmText),
                confirm: plainText(element.confirm.yes, LIMITS.confirmButton),
                deny: plainText(element.confirm.no, LIMITS.confirmButton),
                ...(element.style === 'danger' ? { style: 'danger' } : {}),
              },
            }
          : {}),
      };
    case 'select':
      return {
        type: 'static_select',
        action_id: element.actionId,
        placeholder: plainText(element.label, LIMITS.optionText),
        options: element.options.slice(0, LIMITS.options).map((o) => ({
          text: plainText(o.label, LIMITS.optionText),
          value: exact('option value', o.value, LIMITS.optionValue),
        })),
      };
    case 'user-select':
      return {
        type: 'users_select',
        action_id: element.actionId,
        placeholder: plainText(element.label, LIMITS.optionText),
      };
  }
}

/** A users_select carries no value of its own, so its value rides in the block_id. */
function actionsBlock(elements: ActionElement[]): KitBlock {
  const picker = elements.find((e) => e.kind === 'user-select');
  const blockId = picker?.kind === 'user-select' ? picker.value : undefined;
  return {
    type: 'actions',
    ...(blockId ? { block_id: exact('block_id', blockId, LIMITS.blockId) } : {}),
    elements: elements.slice(0, LIMITS.actionsElements).map(renderElement),
  };
}

function listItemBlock(item: ListItem): KitBlock {
  const lines = [richToMrkdwn(item.text)];
  if (item.detail && item.detail.length > 0) lines.push(richToMrkdwn(item.detail));
  return {
    type: 'section',
    text: mrkdwn(lines.join('\n'), LIMITS.sectionText),
    ...(item.action ? { accessory: renderElement(item.action) } : {}),
  };
}

const option = (o: { label: string; value: string }) => ({
  text: plainText(o.label, LIMITS.optionText),
  value: exact('option value', o.value, LIMITS.optionValue),
});

/** A form field's element: what Slack puts in `view.state.values[id][id]` on submit. */
function inputElement(input: FormInput): KitElement {
  const placeholder = input.placeholder
    ? { placeholder: plainText(input.placeholder, LIMITS.placeholder) }
    : {};
  const action_id = exact('action_id', input.id, LIMITS.actionId);
  switch (input.kind) {
    case 'text':
      return {
        type: 'plain_text_input',
        action_id,
        ...(input.multiline ? { multiline: true } : {}),
        ...(input.maxLength ? { max_length: input.maxLength } : {}),
        ...(input.initial ? { initial_value: input.initial } : {}),
        ...placeholder,
      };
    case 'date':
      return {
        type: 'datepicker',
        action_id,
        ...(input.initial ? { initial_date: input.initial } : {}),
        ...placeholder,
      };
    case 'select': {
      const options = input.options.slice(0, LIMITS.options).map(option);
      const initial = options.find((o) => o.value === input.initial);
      return {
        type: 'static_select',
        action_id,
        options,
        ...(initial ? { initial_option: initial } : {}),
        ...placeholder,
      };
    }
    case 'user':
      return {
        type: 'users_select',
        action_id,
        ...(input.initial ? { initial_user: input.initial } : {}),
        ...placeholder,
      };
  }
}

function inputBlock(input: FormInput): KitBlock {
  return {
    type: 'input',
    block_id: exact('block_id', input.id, LIMITS.blockId),
    label: plainText(input.label, LIMITS.label),
    ...(input.required ? {} : { optional: true }),
    element: inputElement(input),
  };
}

const contextBlock = (text: string): KitBlock => ({
  type: 'context',
  elements: [mrkdwn(text, LIMITS.fieldText)],
});

const andMore = (n: number, locale: Locale = 'en', key: MessageKey = 'card.andMore') =>
  contextBlock(`_${escapeMrkdwn(t(locale, key, { n }))}_`);

/** One neutral block → Block Kit blocks, each within its own limits. */
export function renderBlock(block: CardBlock, locale: Locale = 'en'): KitBlock[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'section', text: mrkdwn(richToMrkdwn(block.text), LIMITS.sectionText) }];
    case 'context':
    case 'status':
      return [contextBlock(richToMrkdwn(block.text))];
    case 'divider':
      return [{ type: 'divider' }];
    case 'input':
      return [inputBlock(block.input)];
    case 'image':
      // Slack fetches an image block's URL itself: a data: URL is refused, so such a picture
      // goes as an uploaded file instead (chat/slack/charts.ts).
      return /^https:\/\//.test(block.url)
        ? [{ type: 'image', image_url: block.url, alt_text: clip(block.alt, 2000) }]
        : [];
    case 'actions':
      return block.elements.length === 0 ? [] : [actionsBlock(block.elements)];
    case 'facts': {
      const out: KitBlock[] = [];
      for (let i = 0; i < block.facts.length; i += LIMITS.fields) {
        out.push({
          type: 'section',
          fields: block.facts
            .slice(i, i + LIMITS.fields)
            .map((f) =>
              mrkdwn(`*${escapeMrkdwn(f.label)}*\n${richToMrkdwn(f.value)}`, LIMITS.fieldText),
            ),
        });
      }
      return out;
    }
    case 'list': {
      const out: KitBlock[] = [];
      if (block.title) {
        out.push({ type: 'section', text: mrkdwn(`*${escapeMrkdwn(block.title)}*`, 3000) });
      }
      if (block.items.length === 0 && !block.more && block.empty)
        out.push(contextBlock(escapeMrkdwn(block.empty)));
      out.push(...block.items.map(listItemBlock));
      if (block.more && block.more > 0) out.push(andMore(block.more, locale));
      if (block.next) out.push(actionsBlock([block.next]));
      return out;
    }
  }
}

/**
 * The card as Block Kit blocks within the surface's block limit. When a card is too long, list
 * rows are what gets cut (the header, facts and buttons matter most) and an "and N more" line
 * says so; as a last resort the tail is cut. Never throws on a large card.
 */
export function renderBlocks(card: Card, options: RenderOptions = {}): KitBlock[] {
  const max = options.surface === 'view' ? LIMITS.viewBlocks : LIMITS.messageBlocks;
  // A card without a title is a short message (a thread reply): no header.
  const header: KitBlock[] = card.title
    ? [{ type: 'header', text: plainText(card.title, LIMITS.headerText) }]
    : [];
  const locale = card.locale ?? 'en';
  const rendered = card.blocks.map((b) => ({ block: b, kit: renderBlock(b, locale) }));
  let total = header.length + rendered.reduce((n, r) => n + r.kit.length, 0);
  // Shrink the longest list first, one row at a time, until the card fits.
  while (total > max) {
    const longest = rendered
      .filter((r) => r.block.type === 'list' && r.block.items.length > 0)
      .sort((a, b) => b.kit.length - a.kit.length)[0];
    if (longest?.block.type !== 'list') break;
    const list = longest.block;
    const cut = Math.min(list.items.length, Math.max(1, total - max));
    const items = list.items.slice(0, list.items.length - cut);
    longest.block = { ...list, items, more: (list.more ?? 0) + cut };
    longest.kit = renderBlock(longest.block, locale);
    total = header.length + rendered.reduce((n, r) => n + r.kit.length, 0);
  }
  const blocks = [...header, ...rendered.flatMap((r) => r.kit)];
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, andMore(blocks.length - kept.length, locale, 'card.andMoreBlocks')];
}

/** A message payload: blocks plus the fallback text notifications and screen readers use. */
export function renderMessage(card: Card): { text: string; blocks: KitBlock[] } {
  // A card from the card cache is the same blocks array on every ask of the day (a copy of the
  // card, e.g. with its chart spec added, keeps the array): render it once.
  const kept = rendered.get(card.blocks);
  if (
    kept &&
    kept.title === card.title &&
    kept.fallback === card.fallback &&
    kept.locale === card.locale &&
    kept.length === card.blocks.length
  ) {
    return { text: kept.text, blocks: [...kept.blocks] };
  }
  // Slack reads `text` as mrkdwn too: an account named '<!channel>' would ping everyone.
  const text = escapeMrkdwn(clip(card.fallback || card.title, LIMITS.fallbackText));
  const blocks = renderBlocks(card);
  rendered.set(card.blocks, {
    title: card.title,
    fallback: card.fallback,
    locale: card.locale,
    length: card.blocks.length,
    text,
    blocks,
  });
  return { text, blocks: [...blocks] };
}

interface Rendered {
  title: string;
  fallback: string | undefined;
  locale: Card['locale'];
  length: number;
  text: string;
  blocks: KitBlock[];
}

const rendered = new WeakMap<readonly CardBlock[], Rendered>();
