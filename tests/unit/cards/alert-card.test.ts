import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../src/cards/alert-card';
import { ruleWords } from '../../../src/cards/format';
import { openAlertView } from '../../helpers/fixtures';

describe('alert and Home cards', () => {
  it('name a rule in words, not by its id', () => {
    expect(ruleWords('usage_decline')).toBe('usage declining');
    const at = new Date('2026-11-23T09:00:00Z');
    const card = alertCard(openAlertView(at));
    const text = JSON.stringify(card);
    expect(text).toContain('usage declining');
    expect(text).not.toContain('usage_decline');
  });
});
