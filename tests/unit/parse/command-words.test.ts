import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_WORDS, parseCommand } from '../../../src/domain/parse/command';

// A message to the bot that starts with a command word runs that command; anything else is a
// question. A command parseCommand knows but COMMAND_WORDS lacks would reach Teams and the
// Slack DM as a question and never run (this happened to /note when two branches met).
describe('command words', () => {
  const source = readFileSync(
    new URL('../../../src/domain/parse/command.ts', import.meta.url),
    'utf8',
  );
  const body = source.slice(source.indexOf('export function parseCommand'));
  const switchBody = body.slice(0, body.indexOf('\n}\n'));
  const cases = [...switchBody.matchAll(/case '([a-z-]+)':/g)].map((m) => m[1]!);

  it('lists every word parseCommand answers', () => {
    expect(cases.length).toBeGreaterThan(5);
    expect(cases.filter((w) => !COMMAND_WORDS.has(w))).toEqual([]);
  });

  it('lists no word parseCommand does not know', () => {
    const unknown = [...COMMAND_WORDS].filter((w) =>
      /I don't know the command/.test(JSON.stringify(parseCommand(w, '2026-12-06'))),
    );
    expect(unknown).toEqual([]);
  });
});
