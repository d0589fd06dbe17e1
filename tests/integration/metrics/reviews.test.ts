import { expect, it } from 'vitest';
import { recordReview } from '../../../src/app/reviews';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';
import { insertLoop } from '../../helpers/metrics-fixtures';

describeEachDatabase('churn and save reviews', (get) => {
  it('stores the reason, what we learned and a timeline of the last 180 days, once', async () => {
    const db = get().db;
    const ctx = testContext(get(), '2026-11-23T10:00:00Z');
    const { id: acme } = await db
      .insertInto('accounts')
      .values({ external_id: 'acme', name: 'Acme Corp' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('alerts')
      .values([
        {
          account_id: acme,
          rule: 'usage_decline',
          summary: 'usage down 40%',
          fired_at: '2026-10-01T09:00:00Z',
        },
        {
          account_id: acme,
          rule: 'inactivity',
          summary: 'too old',
          fired_at: '2026-03-01T09:00:00Z',
          status: 'resolved',
          resolved_at: '2026-03-02T09:00:00Z',
        },
      ])
      .execute();
    await insertLoop(db, acme, { openedAt: '2026-11-01T09:00:00Z', comment: 'too expensive' });
    await db
      .insertInto('follow_ups')
      .values({
        account_id: acme,
        title: 'call the CFO',
        created_by: 'x',
        created_at: '2026-11-02T09:00:00Z',
      })
      .execute();
    const input = {
      accountId: acme,
      kind: 'churn' as const,
      reason: 'price',
      learned: '  Price it per seat  ',
      createdBy: 'ann@tend.test',
      requestKey: 'k1',
    };
    expect(await recordReview(ctx, input)).toEqual({ created: true, timeline: 3 });
    expect(await recordReview(ctx, input)).toEqual({ created: false, timeline: 3 });
    const rows = await db.selectFrom('account_reviews').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'churn', reason: 'price', learned: 'Price it per seat' });
    expect((rows[0]!.timeline as { text: string }[]).map((e) => e.text)).toEqual([
      'usage down 40%',
      'NPS 3: too expensive',
      'Follow-up: call the CFO',
    ]);
    await expect(
      recordReview(ctx, { ...input, reason: 'weather', requestKey: 'k2' }),
    ).rejects.toThrow(/not a review reason/);
  });
});
