import { describe, expect, it } from 'vitest';
import { helpCard } from '../../../src/cards/help-card';

describe('the help card', () => {
  it('lists the admin /cs commands, marked admins only', () => {
    const text = JSON.stringify(helpCard());
    for (const usage of ['/cs allow-external', '/cs privacy export <email>']) {
      expect(text).toContain(usage);
    }
    expect(text.match(/\(admins only\)/g)).toHaveLength(2);
    // Everyone's commands carry no such mark.
    expect(text).not.toMatch(/\/health <account>[^"]*"[^"]*admins only/);
  });
});
