import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { renewalCard } from '../../../src/cards/renewal-card';

const view = {
  accountId: 7,
  name: 'Acme Corp',
  renewalDate: '2027-01-07',
  daysLeft: 45,
  arr: 1000,
  owner: null,
  score: 55,
  band: 'yellow' as const,
};

type Ac = Record<string, unknown>;
const all = (node: unknown, out: Ac[] = []): Ac[] => {
  if (Array.isArray(node)) for (const n of node) all(n, out);
  else if (node && typeof node === 'object') {
    out.push(node as Ac);
    for (const v of Object.values(node)) all(v, out);
  }
  return out;
};

describe('a button that asks first, on Adaptive Cards', () => {
  it('Mark churned opens a confirm step whose own button acts; the others act at once', () => {
    const card = renderAdaptiveCard(renewalCard(view));
    const show = all(card).find((n) => n.type === 'Action.ShowCard');
    expect(show?.title).toBe('Mark churned');
    const inner = show?.card as { body: { text: string }[]; actions: Ac[] };
    expect(inner.body.map((b) => b.text)).toContain('Mark as churned?');
    expect(inner.actions).toHaveLength(1);
    expect(inner.actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: ACTIONS.renewalChurned,
      title: 'Mark churned',
      style: 'destructive',
    });
    const direct = all(card.body).filter(
      (n) => n.type === 'Action.Execute' && n.verb === ACTIONS.renewalChurned,
    );
    expect(direct).toHaveLength(1); // only inside the confirm step
  });

  it('a churned reminder says churned, not "renews in", and offers Undo', () => {
    const card = renewalCard({ ...view, churned: { undoUntil: '10:10' }, closed: true });
    const json = JSON.stringify(renderAdaptiveCard(card));
    expect(json).toContain('churned (the renewal was due on 2027-01-07)');
    expect(json).not.toContain('renews on');
    expect(json).toContain(ACTIONS.renewalUndoChurn);
    expect(card.title).toBe('Churned: Acme Corp');
  });
});
