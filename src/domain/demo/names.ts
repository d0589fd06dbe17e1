import type { Rng } from './random';

const STEMS = [
  'Blue',
  'North',
  'Silver',
  'Bright',
  'Iron',
  'Cedar',
  'Harbor',
  'Summit',
  'Pine',
  'Stone',
  'Clear',
  'Swift',
  'Lumen',
  'Nova',
  'Vertex',
  'Apex',
  'Golden',
  'River',
  'Sky',
  'Oak',
  'Maple',
  'Falcon',
  'Atlas',
  'Echo',
  'Orbit',
  'Terra',
  'Polar',
  'Vivid',
  'Crest',
  'Beacon',
  'Prism',
  'Delta',
  'Cobalt',
  'Ember',
  'Granite',
  'Willow',
  'Aurora',
  'Sage',
  'Copper',
  'Birch',
  'Coral',
  'Fern',
  'Juniper',
  'Lark',
  'Meridian',
  'Onyx',
  'Quill',
  'Raven',
  'Tidal',
  'Zenith',
];
const ENDINGS = [
  'field',
  'works',
  'point',
  'line',
  'stack',
  'path',
  'wave',
  'bridge',
  'gate',
  'forge',
  'leaf',
  'spark',
  'view',
  'loop',
  'shift',
  'mark',
  'grid',
  'base',
  'wind',
  'light',
  'hub',
  'scale',
  'ware',
  'dock',
  'peak',
  'flow',
  'core',
  'sync',
  'ridge',
  'vale',
  'well',
  'yard',
  'haven',
  'crest',
  'beam',
  'bay',
];
const KINDS = [
  'Labs',
  'Systems',
  'Group',
  'Health',
  'Logistics',
  'Analytics',
  'Software',
  'Partners',
  'Media',
  'Foods',
  'Energy',
  'Capital',
  'Robotics',
  'Retail',
  'Insurance',
  'Education',
];
const TLDS: readonly (readonly [string, number])[] = [
  ['com', 6],
  ['io', 2.5],
  ['co', 1.5],
];

export const FIRST_NAMES = [
  'alex',
  'amara',
  'ben',
  'chen',
  'dana',
  'elena',
  'felix',
  'grace',
  'hiro',
  'ines',
  'jonas',
  'kai',
  'laura',
  'mateo',
  'nina',
  'oscar',
  'paula',
  'quinn',
  'rosa',
  'sam',
  'tariq',
  'uma',
  'victor',
  'wen',
  'yara',
  'zoe',
];
export const LAST_NAMES = [
  'adams',
  'berg',
  'costa',
  'diaz',
  'evans',
  'fischer',
  'garcia',
  'hansen',
  'ito',
  'jones',
  'kim',
  'lopez',
  'meyer',
  'nguyen',
  'okafor',
  'patel',
  'rossi',
  'silva',
  'tanaka',
  'weber',
];

/**
 * Accounts with Chinese names in every demo (when it has that many accounts), so matching by
 * Chinese name and pinyin (/health 阿里, /health albb) can be tried on demo data.
 */
export const CHINESE_NAMES: Readonly<Record<number, { name: string; domain: string }>> = {
  5: { name: '阿里巴巴', domain: 'alibaba.example' },
  6: { name: '腾讯科技', domain: 'tencent.example' },
};

/** Hands out company names and domains, each at most once per data set. */
export class CompanyNames {
  readonly #names = new Set<string>();
  readonly #domains = new Set<string>();

  /** Marks a name and domain as taken (the named stories). */
  reserve(name: string, domain: string): void {
    this.#names.add(name.toLowerCase());
    this.#domains.add(domain);
  }

  next(rng: Rng, fallbackNumber: number): { name: string; domain: string } {
    for (let attempt = 0; attempt < 30; attempt++) {
      const stem = rng.pick(STEMS);
      const ending = rng.pick(ENDINGS);
      const kind = rng.pick(KINDS);
      const name = `${stem}${ending} ${kind}`;
      if (this.#names.has(name.toLowerCase())) continue;
      const domain = this.#domain(`${stem}${ending}`.toLowerCase(), kind.toLowerCase(), rng);
      this.#names.add(name.toLowerCase());
      return { name, domain };
    }
    // Past ~15,000 names most picks are taken; a number keeps names unique after that.
    const stem = rng.pick(STEMS);
    const ending = rng.pick(ENDINGS);
    const name = `${stem}${ending} ${fallbackNumber}`;
    this.#names.add(name.toLowerCase());
    return {
      name,
      domain: this.#domain(`${stem}${ending}${fallbackNumber}`.toLowerCase(), '', rng),
    };
  }

  #domain(base: string, kind: string, rng: Rng): string {
    const tld = rng.weighted(TLDS);
    const candidates = [`${base}.${tld}`, `${base}${kind}.${tld}`, `${base}-${kind}.${tld}`];
    const free =
      candidates.find((d) => !this.#domains.has(d)) ?? `${base}-${this.#domains.size}.${tld}`;
    this.#domains.add(free);
    return free;
  }
}

export function personEmail(rng: Rng, domain: string): string {
  return `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}@${domain}`;
}
