import { match, pinyin } from 'pinyin-pro';
import { hasHan } from './han';

export { hasHan };

const LATIN_QUERY = /^[a-z]+$/;

/** A name's pinyin without tones or spaces ("阿里巴巴" → "alibaba"); Latin parts kept as is. */
export function pinyinOf(name: string): string {
  return pinyin(name, { toneType: 'none', nonZh: 'consecutive', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * How a Latin query names a Chinese name by its pinyin: full syllables, initials or a mix
 * ("alibaba", "albb", "alibb" for 阿里巴巴), from the name's start. `whole` covers every
 * character, `start` only its first ones ("ali"); null otherwise. One letter is too little.
 */
export function pinyinMatch(query: string, name: string): 'whole' | 'start' | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q.length < 2 || !LATIN_QUERY.test(q) || !hasHan(name)) return null;
  const hits = match(name, q, { continuous: true });
  if (!hits || hits.length === 0 || hits[0] !== 0) return null;
  return hits.length === [...name].length ? 'whole' : 'start';
}
