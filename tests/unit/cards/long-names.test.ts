import { describe, expect, it } from 'vitest';
import { accountCard } from '../../../src/cards/account-card';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { renderBlocks } from '../../../src/cards/block-kit';
import { NAME_MAX, shortName } from '../../../src/cards/format';
import { renewalCard } from '../../../src/cards/renewal-card';
import { renderText } from '../../../src/cards/text';

const LONG = `Acme ${'Very Long Holding '.repeat(170)}Corp`; // ~3,000 characters

describe('over-long account names', () => {
  it('are cut with an ellipsis, whole characters only', () => {
    expect(Array.from(shortName(LONG))).toHaveLength(NAME_MAX);
    expect(shortName(LONG).endsWith('…')).toBe(true);
    expect(shortName('Acme Corp')).toBe('Acme Corp');
    expect(Array.from(shortName('😀'.repeat(200))).length).toBe(NAME_MAX);
  });

  it('are cut in the card model, so every surface shows the same short name', () => {
    const card = accountCard({
      id: 1,
      name: LONG,
      domain: null,
      externalId: 'x',
      segment: null,
      tier: null,
      arr: null,
      owner: null,
      stage: 'active',
      renewal: null,
      health: null,
      trend: null,
      followUps: { items: [], total: 0 },
      alerts: { items: [], total: 0 },
    });
    expect(card.title).toBe(shortName(LONG));
    const renewal = renewalCard({
      accountId: 1,
      name: LONG,
      renewalDate: '2027-01-01',
      daysLeft: 30,
      arr: 1,
      owner: null,
      score: null,
      band: null,
    });
    for (const c of [card, renewal]) {
      expect(JSON.stringify(renderBlocks(c))).not.toContain(LONG.slice(0, 200));
      expect(JSON.stringify(renderAdaptiveCard(c))).not.toContain(LONG.slice(0, 200));
      expect(renderText(c)).not.toContain(LONG.slice(0, 200));
      expect(renderText(c)).toContain('…');
    }
  });
});
