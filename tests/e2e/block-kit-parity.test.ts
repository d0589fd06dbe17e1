import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choicesCard, noMatchCard } from '../../src/cards/account-choice-card';
import { ACTIONS } from '../../src/cards/actions';
import { alertCard } from '../../src/cards/alert-card';
import { renderBlocks, renderMessage } from '../../src/cards/block-kit';
import { renderModal } from '../../src/cards/block-kit-modal';
import { digestCard } from '../../src/cards/digest-card';
import { myFollowUpsCard } from '../../src/cards/follow-ups-card';
import { followUpForm, renewalDateForm } from '../../src/cards/forms';
import { helpCard } from '../../src/cards/help-card';
import {
  type ActionElement,
  bold,
  button,
  type Card,
  type CardBlock,
  rich,
  submit,
} from '../../src/cards/model';
import { noticeCard } from '../../src/cards/notice-card';
import { renewalCard } from '../../src/cards/renewal-card';
import { browserSkipReason, launchBrowser } from '../helpers/browser';
import { openAlertView } from '../helpers/fixtures';

// The local page draws Block Kit with its own renderer (src/chat/local/web/block-kit.js); the
// server renders cards to Block Kit (src/cards/block-kit.ts). Every block and element the
// server can emit must be drawn by the page, not fall back to its "[unknown]" placeholder.

/** One of every neutral block and element: the compiler fails here when the model grows. */
const EVERY_BLOCK = {
  text: {
    type: 'text',
    text: rich(bold('62'), ' yellow, ', { text: 'docs', url: 'https://x.io' }),
  },
  context: { type: 'context', text: rich('updated today') },
  facts: { type: 'facts', facts: [{ label: 'ARR', value: rich('$120,000') }] },
  list: {
    type: 'list',
    title: 'Follow-ups',
    items: [
      { text: rich('one'), detail: rich('due today') },
      { text: rich('two'), action: button('Done', ACTIONS.followUpDone, { followUpId: 2 }) },
    ],
    more: 3,
  },
  actions: { type: 'actions', elements: [] },
  divider: { type: 'divider' },
  status: { type: 'status', text: rich('Done by Ann') },
  input: { type: 'input', input: { kind: 'text', id: 'note', label: 'Note' } },
  image: { type: 'image', url: 'https://tend.example/chart.png', alt: 'Score trend' },
} satisfies { [T in CardBlock['type']]: Extract<CardBlock, { type: T }> };

const EVERY_ELEMENT = {
  button: button('Share in channel', ACTIONS.shareCard, { accountId: 1 }, 'primary'),
  select: {
    kind: 'select',
    label: 'Snooze',
    actionId: ACTIONS.alertSnooze,
    options: [{ label: '1 hour', value: '1h' }],
  },
  'user-select': {
    kind: 'user-select',
    label: 'Assign',
    actionId: ACTIONS.alertAssign,
    value: '7',
  },
} satisfies { [K in ActionElement['kind']]: Extract<ActionElement, { kind: K }> };

const at = new Date('2026-11-23T09:00:00Z');
const everything: Card = {
  title: 'Every block',
  fallback: 'every block',
  blocks: [
    // Inputs belong to forms (the modals below), not to messages.
    ...Object.values(EVERY_BLOCK).filter((b) => b.type !== 'actions' && b.type !== 'input'),
    { type: 'actions', elements: Object.values(EVERY_ELEMENT) },
    {
      type: 'actions',
      elements: [button('Delete', ACTIONS.followUpDone, { followUpId: 1 }, 'danger')],
    },
  ],
};

/** The cards Tend sends, built by the real card code, plus the modals its buttons open. */
const CARDS: Record<string, Card> = {
  everything,
  help: helpCard(),
  notice: noticeCard('Nothing to do', 'All caught up.'),
  choices: choicesCard('acme', [
    { id: 1, name: 'Acme Corp', domain: 'acme.com', externalId: 'acme-1' },
    { id: 2, name: 'Acme GmbH', domain: null, externalId: 'acme-2' },
  ] as Parameters<typeof choicesCard>[1]),
  noMatch: noMatchCard('acne', [
    { id: 1, name: 'Acme Corp', domain: null, externalId: 'acme-1' },
  ] as Parameters<typeof noMatchCard>[1]),
  followUps: myFollowUpsCard({ rows: [], total: 0 }, '2026-11-23'),
  alert: alertCard(openAlertView(at)),
  renewal: renewalCard({
    accountId: 1,
    name: 'Acme Corp',
    renewalDate: '2027-01-07',
    daysLeft: 45,
    arr: 120000,
    owner: 'ann@tend.test',
    score: 55,
    band: 'yellow',
  } as Parameters<typeof renewalCard>[0]),
  digest: digestCard({
    digest: {
      counts: [
        { band: 'red', count: 2, change: 1 },
        { band: 'yellow', count: 5, change: null },
      ],
      sections: [],
      blocks: 3,
    },
    scope: 'all accounts',
    accounts: 7,
    today: '2026-11-23',
    since: '2026-11-20',
  } as Parameters<typeof digestCard>[0]),
};

const MODALS = {
  followUp: renderModal(
    followUpForm(
      { name: 'Acme Corp' },
      {
        save: submit('Save', ACTIONS.followUpModal, { accountId: 1, channelId: 'C1' }),
        maxTitle: 500,
        owner: 'U0ANN',
        today: '2026-11-23',
      },
    ),
  ),
  renewalDate: renderModal(
    renewalDateForm({ accountId: 1, renewalDate: '2027-01-07' }, 'Acme Corp', '2028-01-07'),
  ),
};

type Kit = Record<string, unknown>;

/** Block types and element types (accessories, actions, inputs, context) in Block Kit JSON. */
function kinds(blocks: Kit[]): { blocks: Set<string>; elements: Set<string> } {
  const out = { blocks: new Set<string>(), elements: new Set<string>() };
  for (const b of blocks) {
    out.blocks.add(String(b.type));
    const elements = [
      ...(b.type === 'actions' ? ((b.elements as Kit[]) ?? []) : []),
      ...(b.accessory ? [b.accessory as Kit] : []),
      ...(b.element ? [b.element as Kit] : []),
    ];
    for (const e of elements) out.elements.add(String(e.type));
  }
  return out;
}

const PAGE_RENDERER = fileURLToPath(
  new URL('../../src/chat/local/web/block-kit.js', import.meta.url),
);

const skip = browserSkipReason();

describe.skipIf(skip)('the page draws every block the server renders', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setContent('<!doctype html><div id="root"></div>');
    const source = readFileSync(PAGE_RENDERER, 'utf8');
    // The page's own module, as its browser loads it (no copy, no build step).
    await page.evaluate(`(async () => {
      const url = URL.createObjectURL(new Blob([${JSON.stringify(source)}], { type: 'text/javascript' }));
      window.bk = await import(url);
    })()`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** What the page draws for these blocks: its unknown-fallbacks and the elements it made. */
  const draw = (blocks: Kit[]) =>
    page.evaluate(`(() => {
      const root = document.getElementById('root');
      const ctx = { users: [{ id: 'U0ANN', name: 'Ann' }], act: () => {} };
      root.replaceChildren(window.bk.renderBlocks(${JSON.stringify(blocks)}, ctx));
      return {
        unknown: [...root.querySelectorAll('.bk-unknown')].map((e) => e.textContent),
        html: root.innerHTML.length,
        buttons: root.querySelectorAll('button').length,
        selects: root.querySelectorAll('select').length,
        inputs: root.querySelectorAll('input, textarea').length,
      };
    })()`) as Promise<{
      unknown: string[];
      html: number;
      buttons: number;
      selects: number;
      inputs: number;
    }>;

  const seen = { blocks: new Set<string>(), elements: new Set<string>() };

  for (const [name, card] of Object.entries(CARDS)) {
    for (const surface of ['message', 'view'] as const) {
      it(`${name} (${surface}): no unknown block or element`, async () => {
        const blocks = (
          surface === 'message' ? renderMessage(card).blocks : renderBlocks(card, { surface })
        ) as Kit[];
        const k = kinds(blocks);
        for (const t of k.blocks) seen.blocks.add(t);
        for (const t of k.elements) seen.elements.add(t);
        const drawn = await draw(blocks);
        expect(drawn.unknown).toEqual([]);
        expect(drawn.html).toBeGreaterThan(0);
        const buttons = blocks.flatMap((b) =>
          [...((b.elements as Kit[]) ?? []), ...(b.accessory ? [b.accessory as Kit] : [])].filter(
            (e) => e.type === 'button',
          ),
        );
        expect(drawn.buttons).toBe(buttons.length);
      });
    }
  }

  for (const [name, modal] of Object.entries(MODALS)) {
    it(`the ${name} modal: every input drawn`, async () => {
      const blocks = modal.blocks as Kit[];
      const k = kinds(blocks);
      for (const t of k.blocks) seen.blocks.add(t);
      for (const t of k.elements) seen.elements.add(t);
      const drawn = await draw(blocks);
      expect(drawn.unknown).toEqual([]);
      expect(drawn.inputs + drawn.selects).toBe(blocks.filter((b) => b.type === 'input').length);
    });
  }

  it('the cards above use every block and element type the server renderer emits', () => {
    // If the server starts emitting a new Block Kit type, it shows up here first.
    expect([...seen.blocks].sort()).toEqual([
      'actions',
      'context',
      'divider',
      'header',
      'image',
      'input',
      'section',
    ]);
    expect([...seen.elements].sort()).toEqual([
      'button',
      'datepicker',
      'plain_text_input',
      'static_select',
      'users_select',
    ]);
  });
});
