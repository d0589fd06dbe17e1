import { describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/run';

describe('tend help', () => {
  const lines = usage().split('\n').slice(1);
  const what = (form: string) => {
    const line = lines.find((l) => l.trim().startsWith(`${form} `) || l.trim() === form) ?? '';
    return line.slice(line.indexOf(form) + form.length).trim();
  };

  it('puts each description beside the form it describes, never one summary on every form', () => {
    expect(what('tend jobs status')).toBe(
      'recent runs, connectors, outbox counts and messages not sent',
    );
    expect(
      what('tend jobs run <risk|signals|renewals|digest|escalate|hubspot> [--at ISO-time]'),
    ).toMatch(/^run a job now/);
    expect(what('tend health <account>')).toBe("print an account's health card");
    expect(what('tend api-key list')).toMatch(/^list keys/);
    const descriptions = lines.map((l) => l.trim().split(/\s{2,}/)[1]).filter(Boolean);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });

  it('aligns every description in one column', () => {
    const starts = lines.map((l) => /\S+(?: \S+)*\s{2,}(?=\S)/.exec(l)?.[0].length);
    expect(new Set(starts).size).toBe(1);
  });
});
