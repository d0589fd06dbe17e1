import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import {
  AC_LIMITS,
  type AcElement,
  adaptiveCardAttachment,
  renderAdaptiveCard,
} from '../../../src/cards/adaptive-card';
import { bold, button, type Card, type ListItem, rich } from '../../../src/cards/model';

const card = (blocks: Card['blocks'], title = 'Acme Corp'): Card => ({
  title,
  fallback: `${title}: 62 (yellow)`,
  blocks,
});
const rows = (n: number, text = (i: number) => `row ${i + 1}`): ListItem[] =>
  Array.from({ length: n }, (_, i) => ({
    text: rich(text(i)),
    detail: rich('due Fri'),
    action: button('Done', ACTIONS.followUpDone, { followUpId: i + 1 }),
  }));
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** Every element of a card, depth first, so tests can find actions wherever they sit. */
function walk(value: unknown, out: AcElement[] = []): AcElement[] {
  if (Array.isArray(value)) for (const v of value) walk(v, out);
  else if (value && typeof value === 'object') {
    const el = value as AcElement;
    if (typeof el.type === 'string') out.push(el);
    for (const [key, v] of Object.entries(el)) if (key !== 'fallback') walk(v, out);
  }
  return out;
}

describe('renderAdaptiveCard', () => {
  it('renders every neutral block type as Adaptive Cards 1.5', () => {
    const ac = renderAdaptiveCard(
      card([
        { type: 'text', text: rich(bold('62'), ' yellow ', { text: 'docs', url: 'https://x.io' }) },
        { type: 'facts', facts: [{ label: 'ARR', value: rich('$120,000') }] },
        { type: 'list', title: 'Follow-ups', items: rows(2) },
        { type: 'divider' },
        { type: 'context', text: rich('updated today') },
        { type: 'status', text: rich('Done by Ann') },
        {
          type: 'actions',
          elements: [
            button('Share in channel', ACTIONS.shareCard, { accountId: 1 }, 'primary'),
            {
              kind: 'select',
              label: 'Snooze',
              actionId: ACTIONS.alertSnooze,
              options: [{ label: '1 hour', value: '1h' }],
            },
            { kind: 'user-select', label: 'Assign', actionId: ACTIONS.alertAssign, value: '7' },
          ],
        },
      ]),
    );
    expect(ac).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(ac.body[0]).toMatchObject({ type: 'TextBlock', text: 'Acme Corp', weight: 'Bolder' });
    const types = walk(ac.body).map((e) => e.type);
    for (const t of ['RichTextBlock', 'FactSet', 'ColumnSet', 'ActionSet', 'Input.ChoiceSet']) {
      expect(types).toContain(t);
    }
    const runs = walk(ac.body).filter((e) => e.type === 'TextRun');
    expect(runs[0]).toMatchObject({ text: '62', weight: 'Bolder' });
    expect(runs.find((r) => r.text === 'docs')).toMatchObject({
      selectAction: { type: 'Action.OpenUrl', url: 'https://x.io' },
    });
    expect(ac.fallbackText).toContain('Acme Corp');
    expect(ac.fallbackText).toContain('row 1');
  });

  it('makes buttons Action.Execute with the action id as verb, and a Submit fallback', () => {
    const ac = renderAdaptiveCard(
      card([{ type: 'actions', elements: [button('Share', ACTIONS.shareCard, { accountId: 9 })] }]),
    );
    const action = walk(ac.body).find((e) => e.type === 'Action.Execute');
    const data = { verb: 'card.share', value: '{"accountId":9}' };
    expect(action).toMatchObject({ verb: 'card.share', title: 'Share', data });
    expect(action?.fallback).toEqual({ type: 'Action.Submit', title: 'Share', data });
  });

  it('points selects and pickers at their input so the chosen value rides in the data', () => {
    const ac = renderAdaptiveCard(
      card([
        {
          type: 'actions',
          elements: [
            {
              kind: 'select',
              label: 'Snooze',
              actionId: ACTIONS.alertSnooze,
              options: [
                { label: '1 hour', value: '{"alertId":3,"for":"1h"}' },
                { label: '1 day', value: '{"alertId":3,"for":"1d"}' },
              ],
            },
            { kind: 'user-select', label: 'Assign', actionId: ACTIONS.alertAssign, value: '3' },
          ],
        },
      ]),
    );
    const all = walk(ac.body);
    const inputs = all.filter((e) => e.type === 'Input.ChoiceSet');
    expect(inputs.map((i) => i.id)).toEqual(['alert.snooze.choice', 'alert.assign.choice']);
    expect(inputs[1]?.['choices.data']).toMatchObject({ dataset: 'graph.microsoft.com/users' });
    const actions = all.filter((e) => e.type === 'Action.Execute');
    expect(actions[0]?.data).toEqual({ verb: 'alert.snooze', input: 'alert.snooze.choice' });
    expect(actions[1]?.data).toEqual({
      verb: 'alert.assign',
      value: '3',
      input: 'alert.assign.choice',
    });
  });

  it('keeps at most six actions in one set', () => {
    const elements = Array.from({ length: 8 }, (_, i) =>
      button(`B${i}`, ACTIONS.shareCard, { accountId: i }),
    );
    const ac = renderAdaptiveCard(card([{ type: 'actions', elements }]));
    const sets = ac.body.filter((e) => e.type === 'ActionSet') as unknown as { actions: [] }[];
    expect(sets.map((s) => s.actions.length)).toEqual([6, 2]);
  });

  it('shows user text as typed: markdown characters are not interpreted', () => {
    const ac = renderAdaptiveCard(card([{ type: 'text', text: rich('**not bold** _x_ <b>') }]));
    const run = walk(ac.body).find((e) => e.type === 'TextRun');
    expect(run).toEqual({ type: 'TextRun', text: '**not bold** _x_ <b>' });
  });

  it('keeps a huge card well under 100 KB, cutting list rows first and saying so', () => {
    const long = 'x'.repeat(400);
    const big = card([
      { type: 'text', text: rich('headline') },
      { type: 'facts', facts: [{ label: 'ARR', value: rich('$1') }] },
      { type: 'list', title: 'Many', items: rows(2000, (i) => `row ${i} ${long}`) },
      { type: 'actions', elements: [button('Share', ACTIONS.shareCard, { accountId: 1 })] },
    ]);
    const ac = renderAdaptiveCard(big);
    expect(bytes(ac)).toBeLessThanOrEqual(AC_LIMITS.cardBytes);
    expect(bytes(adaptiveCardAttachment(big))).toBeLessThan(80_000);
    const texts = walk(ac.body)
      .filter((e) => e.type === 'TextBlock')
      .map((e) => e.text);
    expect(texts.some((t) => typeof t === 'string' && /^and \d+ more$/.test(t))).toBe(true);
    expect(walk(ac.body).some((e) => e.type === 'FactSet')).toBe(true);
    expect(walk(ac.body).filter((e) => e.verb === 'card.share')).toHaveLength(1);
  });

  it('drops whole blocks as a last resort, keeping the buttons', () => {
    const huge = 'y'.repeat(2500);
    const blocks: Card['blocks'] = Array.from({ length: 40 }, () => ({
      type: 'text' as const,
      text: rich(huge),
    }));
    blocks.push({
      type: 'actions',
      elements: [button('Share', ACTIONS.shareCard, { accountId: 1 })],
    });
    const ac = renderAdaptiveCard(card(blocks));
    expect(bytes(ac)).toBeLessThanOrEqual(AC_LIMITS.cardBytes);
    expect(JSON.stringify(ac)).toContain('cut to fit');
    expect(walk(ac.body).filter((e) => e.verb === 'card.share')).toHaveLength(1);
  });
});
