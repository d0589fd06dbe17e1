import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../../src/cards/block-kit';
import { digestCard } from '../../../src/cards/digest-card';

const digest = {
  counts: [
    { band: 'red' as const, count: 2, change: 1 },
    { band: 'yellow' as const, count: 5, change: null },
    { band: 'green' as const, count: 9, change: -1 },
    { band: 'none' as const, count: 0, change: null },
  ],
  sections: [],
  blocks: 3,
};
const view = { digest, scope: 'all accounts', accounts: 16, today: '2026-11-23' };

describe('the digest card', () => {
  it('says "first digest" rather than "changes since" today', () => {
    const first = JSON.stringify(digestCard({ ...view, since: '2026-11-23' }));
    expect(first).toContain('16 accounts (all accounts) · first digest');
    expect(first).not.toContain('changes since');
    expect(JSON.stringify(digestCard({ ...view, since: '2026-11-20' }))).toContain(
      'changes since 20 Nov',
    );
  });

  it('puts the band counts on one line, Green beside the others', () => {
    const blocks = JSON.stringify(renderBlocks(digestCard({ ...view, since: null })));
    expect(blocks).toContain('🔴 Red 2 (+1) · 🟡 Yellow 5 · 🟢 Green 9 (−1)');
    expect(blocks).not.toContain('"fields"');
  });
});
