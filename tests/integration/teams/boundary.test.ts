import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the Bot Framework SDK stays behind src/chat/teams', () => {
  it('no file outside src/chat/teams imports botbuilder or botframework-*', () => {
    const offenders = files(SRC)
      .filter((f) => !relative(SRC, f).startsWith(join('chat', 'teams')))
      .filter((f) => /from ['"](botbuilder|botframework-)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
