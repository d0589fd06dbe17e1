import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { clip, LIMITS, renderBlocks, renderMessage } from '../../../src/cards/block-kit';
import { myFollowUpsCard } from '../../../src/cards/follow-ups-card';
import { bold, button, type Card, type ListItem, plain, rich } from '../../../src/cards/model';

const card = (blocks: Card['blocks'], title = 'Acme Corp'): Card => ({
  title,
  fallback: `${title}: 62 (yellow)`,
  blocks,
});
const rows = (n: number): ListItem[] =>
  Array.from({ length: n }, (_, i) => ({
    text: rich(`row ${i + 1}`),
    action: button('Done', ACTIONS.followUpDone, { followUpId: i + 1 }),
  }));
const json = (v: unknown) => JSON.stringify(v);

describe('renderBlocks', () => {
  it("escapes an empty list's hint: /followups says <account>, not a Slack link", () => {
    const blocks = renderBlocks(myFollowUpsCard({ rows: [], total: 0 }, '2026-11-23'));
    const text = json(blocks);
    expect(text).toContain('/followup &lt;account&gt; &lt;what to do&gt; [by &lt;date&gt;]');
    expect(text).not.toContain('<account>');
  });

  it('renders every neutral block type', () => {
    const blocks = renderBlocks(
      card([
        {
          type: 'text',
          text: rich(bold('62'), ' yellow, ', { text: 'docs', url: 'https://x.io' }),
        },
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
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'section',
      'divider',
      'context',
      'context',
      'actions',
    ]);
    expect(json(blocks[1])).toContain('*62* yellow, <https://x.io|docs>');
    expect(json(blocks[2])).toContain('*ARR*\\n$120,000');
    expect(blocks[4]).toMatchObject({
      accessory: { type: 'button', action_id: 'followup.done', value: '{"followUpId":1}' },
    });
    expect(blocks[9]).toMatchObject({
      block_id: '7',
      elements: [
        { type: 'button', style: 'primary', action_id: 'card.share' },
        { type: 'static_select', options: [{ value: '1h' }] },
        { type: 'users_select', action_id: 'alert.assign' },
      ],
    });
  });

  it('escapes what users typed so it cannot mention @channel or inject links', () => {
    const blocks = renderBlocks(
      card([{ type: 'text', text: [plain('<!channel> & <http://x|y>')] }]),
    );
    expect(json(blocks[1])).toContain('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
  });

  it('keeps a message within 50 blocks and says how many rows were left out', () => {
    const blocks = renderBlocks(card([{ type: 'list', title: 'Accounts', items: rows(120) }]));
    expect(blocks).toHaveLength(LIMITS.messageBlocks);
    const last = json(blocks.at(-1));
    const shown = blocks.filter((b) => json(b).includes('row ')).length;
    expect(last).toContain(`and ${120 - shown} more`);
  });

  it('allows 100 blocks on a view and adds to an existing "more" count', () => {
    const blocks = renderBlocks(card([{ type: 'list', items: rows(150), more: 10 }]), {
      surface: 'view',
    });
    expect(blocks).toHaveLength(LIMITS.viewBlocks);
    const shown = blocks.filter((b) => json(b).includes('row ')).length;
    expect(json(blocks.at(-1))).toContain(`and ${160 - shown} more`);
  });

  it('cuts the longest list first and keeps the buttons', () => {
    const blocks = renderBlocks(
      card([
        { type: 'list', title: 'Short', items: rows(3) },
        { type: 'list', title: 'Long', items: rows(80) },
        { type: 'actions', elements: [button('Share', ACTIONS.shareCard, { accountId: 1 })] },
      ]),
    );
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(json(blocks)).toContain('row 3');
  });

  it('cuts any block run past the limit as a last resort', () => {
    const many: Card['blocks'] = Array.from({ length: 70 }, () => ({ type: 'divider' }));
    const blocks = renderBlocks(card(many));
    expect(blocks).toHaveLength(50);
    expect(json(blocks.at(-1))).toContain('and 22 more blocks');
  });

  it('clips texts, labels and values to Slack limits', () => {
    const long = 'x'.repeat(5000);
    const blocks = renderBlocks(
      card(
        [
          { type: 'text', text: rich(long) },
          {
            type: 'facts',
            facts: Array.from({ length: 13 }, () => ({ label: 'L', value: rich(long) })),
          },
          {
            type: 'actions',
            elements: Array.from({ length: 30 }, () => ({
              kind: 'button' as const,
              label: long,
              actionId: ACTIONS.shareCard,
              value: '{"accountId":1}',
            })),
          },
        ],
        long,
      ),
    );
    const header = blocks[0] as unknown as { text: { text: string } };
    expect(header.text.text).toHaveLength(LIMITS.headerText);
    const section = blocks[1] as unknown as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const fields = blocks.filter((b) => 'fields' in b) as unknown as {
      fields: { text: string }[];
    }[];
    expect(fields.map((f) => f.fields.length)).toEqual([10, 3]);
    for (const f of fields.flatMap((x) => x.fields)) {
      expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    const actions = blocks.at(-1) as unknown as {
      elements: { text: { text: string }; value: string }[];
    };
    expect(actions.elements).toHaveLength(25);
    expect(actions.elements[0]!.text.text).toHaveLength(LIMITS.buttonText);
    expect(actions.elements[0]!.value).toBe('{"accountId":1}');
  });

  it('shows the empty text of an empty list', () => {
    const blocks = renderBlocks(card([{ type: 'list', items: [], empty: 'Nothing open.' }]));
    expect(json(blocks)).toContain('Nothing open.');
  });
});

describe('renderMessage and clip', () => {
  it('carries the fallback text', () => {
    const message = renderMessage(card([]));
    expect(message.text).toBe('Acme Corp: 62 (yellow)');
    expect(message.blocks[0]?.type).toBe('header');
  });

  it('escapes the fallback text like the blocks, so a name cannot ping a channel', () => {
    const named: Card = {
      title: '<!channel> & co',
      fallback: '<!channel> & <@U1> said >hi',
      blocks: [],
    };
    expect(renderMessage(named).text).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; said &gt;hi');
  });

  it('never splits an emoji when clipping', () => {
    expect(clip('😀😀😀', 2)).toBe('😀…');
    expect(clip('short', 10)).toBe('short');
  });
});
