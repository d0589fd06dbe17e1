import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { alertCard } from '../../../src/cards/alert-card';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { type Harness, invoke, startHarness } from '../teams/harness';

interface InvokeAnswer {
  statusCode: number;
  value: unknown;
}
const text = (v: unknown) => JSON.stringify(v);

/** The data of the card's Action.Execute with this verb (found anywhere in the card). */
function actionData(card: unknown, verb: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.verb === verb && o.data && typeof o.data === 'object') {
        found.push(o.data as Record<string, unknown>);
      }
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(card);
  expect(found.length, `an action ${verb}`).toBeGreaterThan(0);
  return found[0]!;
}

// Resolved · saved on Teams: the alert is resolved as saved, the card turns into the save
// review form, and its Save (a form id as the request key) stores one save review.
describeEachDatabase('save review on Teams', (get) => {
  let h: Harness;
  let acme: number;
  let alertId: number;
  beforeAll(async () => {
    h = await startHarness(get());
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
    });
    alertId = (
      await get()
        .db.insertInto('alerts')
        .values({
          account_id: acme,
          rule: 'usage_decline',
          summary: 'active users down 40%',
          fired_at: new Date('2026-11-01T09:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => h.close());

  const click = async (verb: string, data: Record<string, unknown>) => {
    const res = await h.post(invoke(verb, data));
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  it('the alert card offers Resolved · saved', async () => {
    const card = alertCard({
      alert: (await get()
        .db.selectFrom('alerts')
        .selectAll()
        .where('id', '=', alertId)
        .executeTakeFirstOrThrow()) as never,
      account: { name: 'Acme Corp', owner: null, arr: null, renewalDate: null },
      people: {},
      timeZone: 'UTC',
      now: new Date('2026-11-02T09:00:00Z'),
    });
    const rendered = text(renderAdaptiveCard(card));
    expect(rendered).toContain('Resolved · saved');
    expect(rendered).toContain(ACTIONS.alertResolveSaved);
  });

  it('resolves as saved, shows the save form; Save stores one review', async () => {
    const form = await click(ACTIONS.alertResolveSaved, { value: JSON.stringify({ alertId }) });
    expect(text(form.value)).toContain('What saved it');
    expect(text(form.value)).toContain(ACTIONS.reviewSave);
    const alert = await get()
      .db.selectFrom('alerts')
      .select(['status', 'resolved_by'])
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(alert).toEqual({ status: 'resolved', resolved_by: '@Jane Doe' });
    // The form's Save carries the form id made when the form was drawn.
    const save = actionData(form.value, ACTIONS.reviewSave);
    expect(JSON.parse(String(save.value))).toMatchObject({ accountId: acme, kind: 'save' });
    const data = { ...save, reason: 'champion_left', learned: 'New sponsor' };
    const saved = await click(ACTIONS.reviewSave, data);
    expect(text(saved.value)).toContain('Save review saved');
    const again = await click(ACTIONS.reviewSave, data);
    expect(text(again.value)).toContain('Already saved');
    const reviews = await get().db.selectFrom('account_reviews').selectAll().execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ kind: 'save', reason: 'champion_left' });
  });

  it('a second click on the resolved alert says so, with no form', async () => {
    const again = await click(ACTIONS.alertResolveSaved, { value: JSON.stringify({ alertId }) });
    expect(text(again.value)).toContain('Already resolved by @Jane Doe');
  });
});
