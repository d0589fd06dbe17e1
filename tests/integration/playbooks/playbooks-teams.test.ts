import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { insertExpansionAlert } from '../../helpers/playbook-fixtures';
import { cardOf, type Harness, invoke, personal, startHarness } from '../teams/harness';

interface InvokeAnswer {
  statusCode: number;
  value: unknown;
}
const text = (v: unknown) => JSON.stringify(v);

// The same on Teams: "play acme onboarding" answers the checklist and posts it to the
// account's channel through the outbox; Done redraws the card with who ticked; Create
// opportunity records the opportunity and queues the sales channel's post.
describeEachDatabase('playbooks and expansion on Teams', (get) => {
  let h: Harness;
  let acme: number;

  beforeAll(async () => {
    h = await startHarness(get());
    h.ctx.config.settings.expansion.salesChannel = 'teams:19:sales@thread.tacv2';
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
      arr: 90000,
    });
    await get()
      .db.updateTable('accounts')
      .set({ teams_channel: '19:acme@thread.tacv2' })
      .where('id', '=', acme)
      .execute();
  });
  afterAll(() => h.close());

  const click = async (verb: string, data: Record<string, unknown>) => {
    const res = await h.post(invoke(verb, data));
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  it('"play acme onboarding" answers the checklist and posts it to the channel', async () => {
    await h.post(personal('play acme onboarding'));
    const card = cardOf(h.standIn.calls.at(-1)!.body);
    expect(text(card)).toContain('Onboarding for Acme Corp: 0/5 done');
    expect(text(card)).toContain('playbook.tick');
    const post = await get()
      .db.selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'playbook')
      .executeTakeFirstOrThrow();
    expect(post).toMatchObject({ platform: 'teams', channel_id: '19:acme@thread.tacv2' });
  });

  it('Done redraws the card with the tick; a second Done says who ticked it', async () => {
    const step = await get()
      .db.selectFrom('playbook_steps')
      .selectAll()
      .orderBy('position')
      .executeTakeFirstOrThrow();
    const done = await click('playbook.tick', { value: JSON.stringify({ stepId: step.id }) });
    expect(text(done.value)).toContain('1/5 done');
    expect(text(done.value)).toContain('ticked by @Jane Doe');
    const again = await click('playbook.tick', { value: JSON.stringify({ stepId: step.id }) });
    expect(text(again.value)).toContain('Already ticked by @Jane Doe');
    await h.post(personal('health acme'));
    expect(text(cardOf(h.standIn.calls.at(-1)!.body))).toContain('Onboarding 1/5');
  });

  it('Create opportunity records it once and queues the sales channel post', async () => {
    const alertId = await insertExpansionAlert(get().db, acme);
    const made = await click('opportunity.create', { value: JSON.stringify({ alertId }) });
    expect(text(made.value)).toContain('Opportunity created by @Jane Doe');
    expect(text(made.value)).toContain('$18,000 (20% of ARR)');
    const again = await click('opportunity.create', { value: JSON.stringify({ alertId }) });
    expect(text(again.value)).toContain('Opportunity already created by @Jane Doe');
    expect(await get().db.selectFrom('opportunities').selectAll().execute()).toMatchObject([
      { alert_id: alertId, potential_arr: 18000 },
    ]);
    const sales = await get()
      .db.selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'opportunity')
      .execute();
    expect(sales).toMatchObject([{ platform: 'teams', channel_id: '19:sales@thread.tacv2' }]);
  });
});
