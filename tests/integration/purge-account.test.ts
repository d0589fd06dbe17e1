import { beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { purgeAccount } from '../../src/app/purge-account';
import { TendError } from '../../src/errors';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, insertUsage, testContext } from '../helpers/fixtures';

describeEachDatabase('purge-account', (get) => {
  let ctx: AppContext;
  let target: number;
  let other: number;

  beforeAll(async () => {
    ctx = testContext(get());
    target = await insertAccount(ctx.db, {
      external_id: 'p-1',
      name: 'Purge Me',
      domain: 'purge.me',
    });
    other = await insertAccount(ctx.db, { external_id: 'p-2', name: 'Keep Me' });
    for (const id of [target, other]) {
      await insertUsage(ctx.db, id, '2026-11-23', 5, () => ({ active: 1, seats: 2, logins: 3 }));
      await ctx.db
        .insertInto('follow_ups')
        .values({ account_id: id, title: 'call', created_by: 'test' })
        .execute();
    }
  });

  it('refuses an ambiguous or unknown account and deletes nothing', async () => {
    const error = await purgeAccount(ctx, 'me', 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TendError);
    expect((error as TendError).message).toContain('2 accounts match');
    const left = await ctx.db.selectFrom('accounts').select('id').execute();
    expect(left).toHaveLength(2);
  });

  it('deletes every record of the account, keeps the others, and audits it', async () => {
    const report = await purgeAccount(ctx, 'p-1', 'cli:test');
    expect(report.deleted).toMatchObject({ usage_daily: 5, follow_ups: 1 });
    const accounts = await ctx.db.selectFrom('accounts').select('id').execute();
    expect(accounts.map((a) => a.id)).toEqual([other]);
    const usage = await ctx.db.selectFrom('usage_daily').select('account_id').distinct().execute();
    expect(usage.map((u) => u.account_id)).toEqual([other]);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .where('action', '=', 'account.purge')
      .execute();
    expect(audit).toEqual([{ actor: 'cli:test', action: 'account.purge', subject: 'p-1' }]);
  });
});
