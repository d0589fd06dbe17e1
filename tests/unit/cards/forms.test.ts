import { describe, expect, it } from 'vitest';
import { ACTIONS, encodeValue, parseAction } from '../../../src/cards/actions';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { LIMITS, renderBlocks } from '../../../src/cards/block-kit';
import { renderModal } from '../../../src/cards/block-kit-modal';
import { followUpForm, renewalDateForm } from '../../../src/cards/forms';
import {
  type ActionElement,
  type Card,
  CardRenderError,
  type FormInput,
  submit,
} from '../../../src/cards/model';

const save = submit('Save', ACTIONS.followUpModal, { accountId: 7, channelId: 'C0GENERAL' });
const form = (...inputs: FormInput[]): Card => ({
  title: 'A form',
  fallback: 'A form',
  blocks: inputs.map((input) => ({ type: 'input' as const, input })),
  submit: save,
});
type Json = Record<string, unknown>;

/** Every object in a rendered tree, depth first (the Adaptive Card's fallbacks left out). */
function walk(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) walk(v, out);
  else if (value && typeof value === 'object') {
    out.push(value as Json);
    for (const [k, v] of Object.entries(value)) if (k !== 'fallback') walk(v, out);
  }
  return out;
}

const INPUTS: FormInput[] = [
  { kind: 'text', id: 'name', label: 'Name', placeholder: 'Ann', initial: 'Bo', required: true },
  { kind: 'text', id: 'notes', label: 'Notes', multiline: true, maxLength: 500 },
  { kind: 'date', id: 'due', label: 'Due', initial: '2026-12-01' },
  {
    kind: 'select',
    id: 'size',
    label: 'Size',
    options: [
      { label: 'Small', value: 's' },
      { label: 'Large', value: 'l' },
    ],
    initial: 'l',
  },
  { kind: 'user', id: 'owner', label: 'Owner', initial: 'U0ANN', required: true },
];

describe('forms as a Slack modal', () => {
  it('draws every input type as an input block whose block_id and action_id are its id', () => {
    const view = renderModal(form(...INPUTS));
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'followup.log.modal',
      title: { type: 'plain_text', text: 'A form' },
      submit: { type: 'plain_text', text: 'Save' },
    });
    expect(parseAction(view.callback_id, view.private_metadata)).toEqual({
      ok: true,
      verb: 'followup.log.modal',
      value: { accountId: 7, channelId: 'C0GENERAL' },
    });
    const [name, notes, due, size, owner] = view.blocks as Json[];
    expect(name).toMatchObject({
      type: 'input',
      block_id: 'name',
      label: { text: 'Name' },
      element: {
        type: 'plain_text_input',
        action_id: 'name',
        initial_value: 'Bo',
        placeholder: { text: 'Ann' },
      },
    });
    expect(name).not.toHaveProperty('optional');
    expect(notes).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input', multiline: true, max_length: 500 },
    });
    expect(due).toMatchObject({
      element: { type: 'datepicker', action_id: 'due', initial_date: '2026-12-01' },
    });
    expect(size).toMatchObject({
      element: {
        type: 'static_select',
        action_id: 'size',
        options: [
          { text: { text: 'Small' }, value: 's' },
          { text: { text: 'Large' }, value: 'l' },
        ],
        initial_option: { text: { text: 'Large' }, value: 'l' },
      },
    });
    expect(owner).toMatchObject({
      element: { type: 'users_select', action_id: 'owner', initial_user: 'U0ANN' },
    });
  });

  it('clips display text to Slack limits: label 2000, placeholder 150, option text 75', () => {
    const long = 'x'.repeat(5000);
    const view = renderModal(
      form(
        { kind: 'text', id: 't', label: long, placeholder: long },
        { kind: 'select', id: 's', label: 'S', options: [{ label: long, value: 'v' }] },
      ),
    );
    const [t, s] = view.blocks as unknown as {
      label: { text: string };
      element: { placeholder?: { text: string }; options?: { text: { text: string } }[] };
    }[];
    expect(t!.label.text).toHaveLength(LIMITS.label);
    expect(t!.element.placeholder!.text).toHaveLength(LIMITS.placeholder);
    expect(s!.element.options![0]!.text.text).toHaveLength(LIMITS.optionText);
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
  });

  it('refuses, with a typed error, an id or value that can never be valid', () => {
    const longId = 'i'.repeat(LIMITS.blockId + 1);
    expect(() => renderModal(form({ kind: 'date', id: longId, label: 'D' }))).toThrow(
      CardRenderError,
    );
    expect(() =>
      renderModal(
        form({
          kind: 'select',
          id: 's',
          label: 'S',
          options: [{ label: 'a', value: 'v'.repeat(76) }],
        }),
      ),
    ).toThrow(/option value is 76 characters, over the limit of 75/);
    const bigMeta = { ...form(), submit: { ...save, value: 'm'.repeat(3001) } };
    expect(() => renderModal(bigMeta)).toThrow(CardRenderError);
    // At the limit is fine.
    expect(() =>
      renderModal(form({ kind: 'date', id: 'i'.repeat(255), label: 'D' })),
    ).not.toThrow();
  });
});

describe('forms as an Adaptive Card', () => {
  it('draws every input type as its Input.* element and the submit as Action.Execute', () => {
    const ac = renderAdaptiveCard(form(...INPUTS));
    const inputs = walk(ac.body).filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs).toEqual([
      {
        type: 'Input.Text',
        id: 'name',
        label: 'Name',
        isRequired: true,
        placeholder: 'Ann',
        value: 'Bo',
      },
      { type: 'Input.Text', id: 'notes', label: 'Notes', isMultiline: true, maxLength: 500 },
      { type: 'Input.Date', id: 'due', label: 'Due', value: '2026-12-01' },
      {
        type: 'Input.ChoiceSet',
        id: 'size',
        label: 'Size',
        style: 'compact',
        choices: [
          { title: 'Small', value: 's' },
          { title: 'Large', value: 'l' },
        ],
        value: 'l',
      },
      {
        type: 'Input.ChoiceSet',
        id: 'owner',
        label: 'Owner',
        isRequired: true,
        choices: [],
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      },
    ]);
    const execute = walk(ac.body).filter((e) => e.type === 'Action.Execute');
    expect(execute).toHaveLength(1);
    expect(execute[0]).toMatchObject({
      title: 'Save',
      verb: 'followup.log.modal',
      data: { verb: 'followup.log.modal', value: save.value },
    });
  });

  it('the follow-up form is one model: a Slack modal with an owner, a Teams form without', () => {
    const slack = followUpForm(
      { name: 'Acme <Corp>' },
      { save, maxTitle: 500, owner: 'U0ANN', today: '2026-11-23' },
    );
    const teams = followUpForm(
      { name: 'Acme <Corp>' },
      { save: submit('Save', ACTIONS.logFollowUp, { accountId: 7 }), maxTitle: 500 },
    );
    const modal = renderModal(slack);
    expect((modal.blocks as { block_id?: string }[]).map((b) => b.block_id)).toEqual([
      undefined,
      'title',
      'due',
      'owner',
    ]);
    expect(JSON.stringify(modal.blocks[0])).toContain('Acme &lt;Corp&gt;');
    const ac = renderAdaptiveCard(teams);
    expect(
      walk(ac.body)
        .filter((e) => 'id' in e)
        .map((e) => e.id),
    ).toEqual(['title', 'due']);
    expect(JSON.stringify(ac)).toContain('Acme <Corp>');
  });

  it('the renewal-date form asks for one required date, preset', () => {
    const card = renewalDateForm({ accountId: 3, renewalDate: '2026-12-01' }, 'Beta', '2027-12-01');
    const modal = renderModal(card);
    expect(modal.callback_id).toBe('renewal.renewed.date');
    expect(JSON.parse(modal.private_metadata)).toEqual({ accountId: 3, renewalDate: '2026-12-01' });
    expect(modal.blocks[0]).toMatchObject({
      block_id: 'new_date',
      element: { type: 'datepicker', action_id: 'new_date', initial_date: '2027-12-01' },
    });
    expect(modal.blocks[0]).not.toHaveProperty('optional');
  });
});

describe('ids and values on message cards (issue 10 item 10)', () => {
  it('a button value past 2000 characters is a render error, never clipped JSON', () => {
    const value = JSON.stringify({ accountId: 1, pad: 'p'.repeat(2100) });
    const big: ActionElement = { kind: 'button', label: 'B', actionId: ACTIONS.shareCard, value };
    const card: Card = {
      title: 'T',
      fallback: 'T',
      blocks: [{ type: 'actions', elements: [big] }],
    };
    expect(() => renderBlocks(card)).toThrow(CardRenderError);
    expect(() => renderBlocks(card)).toThrow(
      /button value is \d+ characters, over the limit of 2000/,
    );
  });

  it("a user picker's block_id (its value) past 255 characters is a render error, not dropped", () => {
    const picker = (value: string): Card => ({
      title: 'T',
      fallback: 'T',
      blocks: [
        {
          type: 'actions',
          elements: [
            { kind: 'user-select', label: 'Assign', actionId: ACTIONS.alertAssign, value },
          ],
        },
      ],
    });
    expect(() => renderBlocks(picker('9'.repeat(256)))).toThrow(CardRenderError);
    const ok = renderBlocks(picker(encodeValue(ACTIONS.alertAssign, { alertId: 12 })));
    expect(ok[1]).toMatchObject({ type: 'actions', block_id: '{"alertId":12}' });
  });
});
