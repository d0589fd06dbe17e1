import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Idle memory of `tend serve` (README, "Start-up memory"): these packages are loaded with
// `import()` where they are used, so a start that does not need them never loads them. This
// test follows every static, non-type import from the CLI's entry point and from the service's
// composition root (which `tend serve` imports) and fails when one of them is reached, naming
// the chain of files that reaches it.

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const ENTRIES = [path.join(SRC, 'cli/main.ts'), path.join(SRC, 'main.ts')];

const LAZY: Record<string, string> = {
  '@slack/bolt':
    'Bolt brings Express, Socket Mode and undici: only with Slack or the local workspace',
  '@resvg/resvg-js': 'a native module with threads of its own: only once a chart is drawn',
  '@electric-sql/pglite': 'only on the embedded database',
  botbuilder: 'only with Teams',
  openai: 'only when questions are answered by a model',
  '@hubspot/api-client': 'only when HubSpot is synced',
  'pinyin-pro': 'only for names with Han characters',
};

/** Specifiers a file imports statically for its values (type-only imports are erased). */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    }
  }
  return found;
}

function resolveRelative(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Every package reached from the entry by static imports, with the chain that reaches it. */
function packagesReached(entries: string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const chains = new Map<string, string[]>(entries.map((entry) => [entry, [entry]]));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const chain = chains.get(file) as string[];
    for (const specifier of valueImports(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target && !chains.has(target)) {
          chains.set(target, [...chain, target]);
          queue.push(target);
        }
      } else if (!reached.has(specifier)) {
        reached.set(specifier, chain);
      }
    }
  }
  return reached;
}

describe('packages loaded only when used', () => {
  const reached = packagesReached(ENTRIES);

  it('follows the static imports from the entry points', () => {
    expect(reached.has('zod')).toBe(true);
    expect(reached.has('kysely')).toBe(true);
    expect(reached.has('prom-client')).toBe(true);
  });

  for (const [name, why] of Object.entries(LAZY)) {
    it(`${name}: ${why}`, () => {
      const chain = [...reached.entries()]
        .filter(([specifier]) => specifier === name || specifier.startsWith(`${name}/`))
        .map(([, files]) => files.map((f) => path.relative(SRC, f)).join(' → '));
      expect(chain).toEqual([]);
    });
  }
});
