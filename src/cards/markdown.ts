import type { Card, CardBlock, Rich, Span } from './model';

// A card as Markdown, for pasting into a document (`tend prep acme --markdown`). Buttons and
// forms have no meaning on paper and are left out.

/** Escapes what Markdown would read as markup in text people and customers wrote. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1').replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3');
}

function span(s: Span): string {
  const text = escapeMarkdown(s.text);
  if (text.trim() === '') return text;
  let out = s.code ? `\`${s.text.replaceAll('`', "'")}\`` : text;
  if (s.bold) out = `**${out}**`;
  if (s.italic) out = `_${out}_`;
  if (s.url && /^https?:\/\//.test(s.url)) out = `[${out}](${s.url})`;
  return out;
}

const md = (r: Rich): string => r.map(span).join('');

function block(b: CardBlock): string[] {
  switch (b.type) {
    case 'text':
    case 'status':
      return [md(b.text), ''];
    case 'context':
      return [`_${md(b.text)}_`, ''];
    case 'divider':
      return ['---', ''];
    case 'facts':
      return [...b.facts.map((f) => `- **${escapeMarkdown(f.label)}:** ${md(f.value)}`), ''];
    case 'list': {
      const out = b.title ? [`## ${escapeMarkdown(b.title)}`, ''] : [];
      if (b.items.length === 0 && b.empty) out.push(`_${escapeMarkdown(b.empty)}_`);
      for (const item of b.items) {
        const detail = item.detail && item.detail.length > 0 ? ` — ${md(item.detail)}` : '';
        out.push(`- ${md(item.text)}${detail}`);
      }
      if (b.more) out.push(`- _and ${b.more} more_`);
      out.push('');
      return out;
    }
    case 'image':
      // Only https pictures become Markdown images; a data: URI would bloat the document.
      return /^https?:\/\//.test(b.url) ? [`![${escapeMarkdown(b.alt)}](${b.url})`, ''] : [];
    case 'actions':
    case 'input':
      return [];
  }
}

export function renderMarkdown(card: Card): string {
  const lines = [`# ${escapeMarkdown(card.title)}`, ''];
  for (const b of card.blocks) lines.push(...block(b));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
