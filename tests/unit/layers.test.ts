import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layer picture as a test: drivers (chat, http, cli, jobs) → app use cases → store and
// cards → db and domain, arrows one way. Every import in src/ is read (static, `import()`,
// `export … from`, type-only too: a type is a dependency) and checked against the table below.

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

type Layer =
  | 'main'
  | 'root'
  | 'domain'
  | 'db'
  | 'store'
  | 'cards'
  | 'app'
  | 'delivery'
  | 'jobs'
  | 'http'
  | 'chat/slack'
  | 'chat/teams'
  | 'chat/local'
  | 'cli'
  | 'migrations';

/** Parts of a layer that others may use without the rest of it. */
type Part = 'http helpers' | 'delivery sender port' | 'message catalogs';

const PARTS: Record<string, Part> = {
  // The catalogs' formatter imports only domain and its catalogs: config words its problems
  // in the reader's language before anything else exists.
  'cards/i18n/t.ts': 'message catalogs',
  'http/body.ts': 'http helpers',
  'http/server.ts': 'http helpers',
  'delivery/sender.ts': 'delivery sender port',
};

/** What each layer may import besides its own folder, and why. */
const RULES: Record<Layer, { may: (Layer | Part)[] | 'anything'; why: string }> = {
  domain: { may: [], why: 'pure rules and parsing: no I/O, testable at any instant' },
  root: {
    may: ['domain', 'message catalogs'],
    why: 'errors, clock, log, config are used everywhere; the settings schema uses domain rules',
  },
  db: { may: ['root', 'migrations'], why: 'the connection and migrations know no app code' },
  store: {
    may: ['db', 'domain', 'root'],
    why: 'queries as functions taking db or a transaction; they return rows, not cards',
  },
  cards: {
    may: ['domain', 'root'],
    why: 'one neutral card model: its view types live in cards/, so store and app can change',
  },
  app: {
    may: ['store', 'cards', 'domain', 'db', 'root'],
    why: 'use cases shared by Slack, Teams, the CLI and jobs: they must not know their callers',
  },
  delivery: {
    may: ['store', 'cards', 'domain', 'db', 'root'],
    why: 'the outbox worker takes { db, clock, log } and senders, not the app',
  },
  jobs: { may: ['app', 'delivery', 'store', 'domain', 'root'], why: 'the scheduler drives app' },
  http: {
    may: ['app', 'cards', 'domain', 'root'],
    why: 'ingest API, health, metrics; chat adapters import its helpers, never the reverse',
  },
  'chat/slack': {
    may: ['app', 'cards', 'domain', 'root', 'http helpers', 'delivery sender port'],
    why: 'an adapter goes through app use cases, never the store: Slack and Teams stay alike',
  },
  'chat/teams': {
    may: ['app', 'cards', 'domain', 'root', 'http helpers', 'delivery sender port'],
    why: 'an adapter goes through app use cases, never the store: Slack and Teams stay alike',
  },
  'chat/local': {
    // The page's "run a job now" runs the scheduler's own registry (jobs/).
    may: [
      'app',
      'cards',
      'domain',
      'root',
      'http helpers',
      'delivery',
      'chat/slack',
      'chat/teams',
      'jobs',
    ],
    why: 'the local workspace plays Slack and Teams to the real adapters and runs their worker',
  },
  cli: {
    // `tend jobs run` runs the scheduler's registry and claim; `tend serve` starts main.
    may: ['app', 'cards', 'domain', 'db', 'root', 'jobs', 'main'],
    why: 'commands call app use cases; only opening the database is theirs',
  },
  main: { may: 'anything', why: 'the composition root wires every layer' },
  migrations: { may: [], why: 'frozen once landed: they take Kysely<any> and import no app code' },
};

/** Packages one folder owns. */
const OWNED: { owner: Layer; test: (pkg: string) => boolean; why: string }[] = [
  {
    owner: 'chat/slack',
    test: (p) => p.startsWith('@slack/'),
    why: 'the Slack SDK stays inside its adapter',
  },
  {
    owner: 'chat/teams',
    test: (p) => /^(botbuilder|botframework-)/.test(p),
    why: 'the Bot Framework SDK is in maintenance: moving to its successor touches one folder',
  },
];

/**
 * The only packages domain/ may import: pure computation (validation, hashing, pinyin). No other
 * node: module, no database, no network.
 */
const DOMAIN_PACKAGES = ['zod', 'node:crypto', 'pinyin-pro'];

interface SourceFile {
  /** Path relative to src/, with forward slashes. */
  file: string;
  text: string;
}

function layerOf(rel: string): Layer {
  if (rel.startsWith('../migrations/')) return 'migrations';
  const parts = rel.split('/');
  if (parts.length === 1) return rel === 'main.ts' ? 'main' : 'root';
  if (parts[0] === 'chat') return `chat/${parts[1]}` as Layer;
  if (!(parts[0]! in RULES)) throw new Error(`${rel}: no layer for folder ${parts[0]}`);
  return parts[0] as Layer;
}

function resolve(from: string, specifier: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return target.endsWith('.ts') ? target : `${target.replace(/\.js$/, '')}.ts`;
}

const isBuiltin = (p: string) => p.startsWith('node:') || builtinModules.includes(p);
const packageOf = (p: string) =>
  p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : (p.split('/')[0] ?? p);

/** Every import that breaks a rule, as "file → import: the rule". */
function violations(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    const from = layerOf(file);
    const rule = RULES[from];
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      const edge = `${file} → '${spec}'`;
      if (!spec.startsWith('.')) {
        const pkg = packageOf(spec);
        const owned = OWNED.find((o) => o.test(pkg));
        if (owned && owned.owner !== from && from !== 'main') {
          out.push(`${edge}: only ${owned.owner} imports ${pkg} (${owned.why})`);
        }
        if (from === 'domain' && !DOMAIN_PACKAGES.includes(isBuiltin(spec) ? spec : pkg)) {
          out.push(`${edge}: domain imports only ${DOMAIN_PACKAGES.join(', ')} (${rule.why})`);
        }
        continue;
      }
      const target = resolve(file, spec);
      const to = layerOf(target);
      if (to === from || rule.may === 'anything') continue;
      const part = PARTS[target];
      if (rule.may.includes(to) || (part && rule.may.includes(part))) continue;
      const what = part ? `${to} (${part})` : to;
      const may = rule.may.length > 0 ? rule.may.join(', ') : 'nothing outside itself';
      out.push(`${edge}: ${from} may not import ${what}; it may import ${may} (${rule.why})`);
    }
  }
  return out;
}

function sourceFiles(dir = SRC): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const file = path.relative(SRC, full).split(path.sep).join('/');
    return [{ file, text: readFileSync(full, 'utf8') }];
  });
}

describe('layer rules', () => {
  it('every import in src/ follows the layer picture', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('reports a forbidden import, a foreign SDK and I/O in domain (the check can fail)', () => {
    const found = violations([
      { file: 'cards/x-card.ts', text: "import type { Row } from '../store/follow-ups';" },
      { file: 'chat/teams/x.ts', text: "export { y } from '../../http/routes/health';" },
      { file: 'app/x.ts', text: "const m = await import('../jobs/definitions');" },
      { file: 'chat/local/x.ts', text: "import { App } from '@slack/bolt';" },
      { file: 'domain/x.ts', text: "import { readFileSync } from 'node:fs';" },
      { file: 'chat/slack/ok.ts', text: "import { sendJson } from '../../http/server';" },
    ]);
    expect(found).toHaveLength(5);
    expect(found[0]).toMatch(/^cards\/x-card\.ts → '\.\.\/store\/follow-ups': cards may not/);
    expect(found[1]).toMatch(/chat\/teams may not import http;/);
    expect(found[2]).toMatch(/app may not import jobs/);
    expect(found[3]).toMatch(/only chat\/slack imports @slack\/bolt/);
    expect(found[4]).toMatch(/domain imports only zod, node:crypto/);
  });
});
