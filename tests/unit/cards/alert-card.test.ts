import { describe, expect, it } from 'vitest';
import { alertCard } from '../../../src/cards/alert-card';
import { ruleWords } from '../../../src/cards/format';

describe('alert and Home cards', () => {
  it('name a rule in words, not by its id', () => {
    expect(ruleWords('usage_decline')).toBe('usage declining');
    const at = new Date('2026-11-23T09:00:00Z');
    const card = alertCard({
      alert: {
        id: 1,
        rule: 'usage_decline',
        severity: 'warning',
        summary: 'active users down 40% vs the previous 30 days',
        status: 'open',
        fired_at: at,
        acknowledged_at: null,
        assignee: null,
        snoozed_until: null,
        resolved_at: null,
        escalated_at: null,
      },
      account: { name: 'Acme Corp', owner: null, arr: null, renewalDate: null },
      people: {},
      timeZone: 'UTC',
      now: at,
    });
    const text = JSON.stringify(card);
    expect(text).toContain('usage declining');
    expect(text).not.toContain('usage_decline');
  });
});
