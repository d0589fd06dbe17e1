import { describe, expect, it } from 'vitest';
import { buildTimeline, reasonCounts, reasonWords } from '../../src/domain/reviews';

const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('review timeline', () => {
  it('keeps the last 180 days, oldest first, the latest entries when too many', () => {
    const entries = [
      { at: at('2026-11-20'), kind: 'loop' as const, text: 'detractor' },
      { at: at('2026-01-01'), kind: 'alert' as const, text: 'too old' },
      { at: at('2026-10-01'), kind: 'alert' as const, text: 'usage down' },
      { at: at('2026-10-01'), kind: 'alert-resolved' as const, text: 'resolved' },
      { at: at('2026-11-01'), kind: 'follow-up' as const, text: 'call CFO' },
    ];
    const since = at('2026-06-01');
    expect(buildTimeline(entries, since).map((e) => e.text)).toEqual([
      'usage down',
      'resolved',
      'call CFO',
      'detractor',
    ]);
    expect(buildTimeline(entries, since, 2).map((e) => e.text)).toEqual(['call CFO', 'detractor']);
  });
});

describe('reasons', () => {
  it('counts churn and save reasons apart, most frequent first', () => {
    expect(
      reasonCounts([
        { kind: 'churn', reason: 'price' },
        { kind: 'churn', reason: 'competitor' },
        { kind: 'churn', reason: 'price' },
        { kind: 'save', reason: 'support' },
      ]),
    ).toEqual({
      churn: [
        { reason: 'price', count: 2 },
        { reason: 'competitor', count: 1 },
      ],
      save: [{ reason: 'support', count: 1 }],
    });
    expect(reasonWords('acquired_closed')).toBe('Acquired / closed');
    expect(reasonWords('lost_sponsor')).toBe('lost sponsor');
  });
});
