import type { Locale } from '../domain/locale';
import { t } from './i18n/t';
import type { ActionElement, Card, CardBlock, Rich } from './model';

/** Plain text: the CLI's card and the fallback wherever rich cards cannot show. */
export function renderText(card: Card): string {
  const lines = card.title ? [card.title, '='.repeat(Math.min(card.title.length, 60))] : [];
  for (const block of card.blocks) lines.push(...renderBlock(block, card.locale ?? 'en'));
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}

const text = (r: Rich) => r.map((s) => s.text).join('');

function renderBlock(block: CardBlock, locale: Locale): string[] {
  switch (block.type) {
    case 'text':
    case 'status':
      return [text(block.text)];
    case 'context':
      return [text(block.text)];
    case 'divider':
      return ['—'];
    case 'image':
      return [`[picture: ${block.alt}]`];
    case 'input': {
      const i = block.input;
      return [`${i.label}${i.required ? '' : t(locale, 'card.optional')}: ${i.initial ?? '…'}`];
    }
    case 'facts': {
      const width = Math.max(...block.facts.map((f) => f.label.length));
      return block.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${text(f.value)}`);
    }
    case 'list': {
      const out = block.title ? ['', `${block.title}:`] : [''];
      if (block.items.length === 0 && block.empty) out.push(`  ${block.empty}`);
      for (const item of block.items) {
        const detail = item.detail ? ` (${text(item.detail)})` : '';
        out.push(`  • ${text(item.text)}${detail}`);
      }
      if (block.more) out.push(`  … ${t(locale, 'card.andMore', { n: block.more })}`);
      if (block.next) out.push(`  [${block.next.label}]`);
      return out;
    }
    case 'actions':
      return ['', `[${block.elements.map(label).join('] [')}]`];
  }
}

function label(element: ActionElement): string {
  return element.label;
}
