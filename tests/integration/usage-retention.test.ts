import { expect, it } from 'vitest';
import { runJobByHand } from '../../src/jobs/run-by-hand';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, insertUsage, testContext } from '../helpers/fixtures';

describeEachDatabase('usage retention', (get) => {
  it('the hourly risk run drops raw usage older than retention.usageDays (default 400)', async () => {
    const ctx = testContext(get(), '2026-11-23T10:00:00Z');
    const id = await insertAccount(ctx.db, { external_id: 'r-1', name: 'Old Usage Co' });
    // 500 days ending today: the oldest 100 are past the 400-day window.
    await insertUsage(ctx.db, id, '2026-11-23', 500, () => ({ active: 1, seats: 2, logins: 1 }));
    const run = await runJobByHand(ctx, 'risk', new Date('2026-11-23T10:00:00Z'), 'test');
    expect(run.outcome).toMatchObject({ ran: true });
    const kept = await ctx.db
      .selectFrom('usage_daily')
      .select((eb) => [eb.fn.min('day').as('first'), eb.fn.countAll().as('n')])
      .executeTakeFirstOrThrow();
    // Ages 0..400 days stay (401 days); 401 days and older are gone.
    expect(kept).toEqual({ first: '2025-10-19', n: 401 });
  });
});
