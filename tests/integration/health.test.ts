import { beforeAll, expect, it } from 'vitest';
import { healthAnswer } from '../../src/app/account-health';
import type { AppContext } from '../../src/app/context';
import { recomputeHealth } from '../../src/app/health-recompute';
import { renderText } from '../../src/cards/text';
import { fixedClock } from '../../src/clock';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, insertUsage, testContext } from '../helpers/fixtures';

const TODAY = '2026-11-23';

describeEachDatabase('health recompute and card', (get) => {
  let ctx: AppContext;
  let globex: number;
  let acme: number;

  beforeAll(async () => {
    ctx = testContext(get());
    const db = ctx.db;
    acme = await insertAccount(db, {
      external_id: 'acc-1',
      name: 'Acme Corp',
      domain: 'acme.com',
      owner_email: 'jane@tend.example',
      arr: 120000,
      renewal_date: '2027-01-07',
    });
    await insertAccount(db, { external_id: 'acc-2', name: 'Acme Labs', domain: 'acmelabs.io' });
    globex = await insertAccount(db, {
      external_id: 'acc-3',
      name: 'Globex',
      domain: 'globex.com',
    });
    await insertAccount(db, { external_id: 'acc-4', name: 'Empty Inc' });
    // Acme: logins halve in the last 30 days; Globex: steady and well used.
    await insertUsage(db, acme, TODAY, 60, (i) => ({
      active: i < 30 ? 40 : 20,
      seats: 100,
      logins: i < 30 ? 80 : 35,
      features: 5,
    }));
    await insertUsage(db, globex, TODAY, 60, () => ({
      active: 70,
      seats: 100,
      logins: 150,
      features: 9,
    }));
    await db
      .insertInto('survey_answers')
      .values({
        external_id: 's-1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'bob@acme.com',
        answered_on: '2026-11-02',
      })
      .execute();
  });

  it('scores every active account in one pass and clears the stale mark', async () => {
    const report = await recomputeHealth(ctx, { backfillDays: 7 });
    expect(report).toEqual({ accounts: 4, days: 8, snapshots: 32 });
    const stale = await ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('health_stale', '=', true)
      .execute();
    expect(stale).toEqual([]);
  });

  it('gives a score only where there is data, never 0 for nothing', async () => {
    const rows = await ctx.db
      .selectFrom('health_snapshots')
      .innerJoin('accounts', 'accounts.id', 'health_snapshots.account_id')
      .select(['accounts.name', 'score', 'band'])
      .where('day', '=', TODAY)
      .orderBy('accounts.name')
      .execute();
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['Empty Inc']).toMatchObject({ score: null, band: null });
    expect(byName.Globex?.band).toBe('green');
    expect(byName['Acme Corp']!.score!).toBeLessThan(byName.Globex!.score!);
  });

  it('answers an exact domain with the card, drivers in plain words', async () => {
    const answer = await healthAnswer(ctx, 'acme.com');
    expect(answer.kind).toBe('card');
    const text = renderText(answer.card);
    expect(text).toContain('Acme Corp');
    expect(text).toMatch(/logins fell \d+% in 30 days/);
    expect(text).toContain('detractor NPS 3 from bob@acme.com on 2 Nov');
    expect(text).toContain('2027-01-07 (in 45 days)');
    expect(text).toContain('$120,000');
  });

  it('lists the choices when several accounts match', async () => {
    const answer = await healthAnswer(ctx, 'acme');
    expect(answer.kind).toBe('choices');
    if (answer.kind !== 'choices') return;
    expect(answer.matches.map((m) => m.name).sort()).toEqual(['Acme Corp', 'Acme Labs']);
  });

  it('suggests the closest name when nothing matches', async () => {
    const answer = await healthAnswer(ctx, 'Glbex');
    expect(answer.kind).toBe('none');
    if (answer.kind !== 'none') return;
    expect(answer.suggestions[0]?.id).toBe(globex);
    expect(renderText(answer.card)).toContain('Did you mean Globex?');
  });

  it('matches by external id and case-blind name', async () => {
    expect((await healthAnswer(ctx, 'acc-3')).kind).toBe('card');
    expect((await healthAnswer(ctx, 'GLOBEX')).kind).toBe('card');
  });

  it('leaves unchanged snapshots alone and rewrites changed ones', async () => {
    const stamp = async () =>
      (
        await ctx.db
          .selectFrom('health_snapshots')
          .select('computed_at')
          .where('account_id', '=', globex)
          .where('day', '=', TODAY)
          .executeTakeFirstOrThrow()
      ).computed_at.toISOString();
    const before = await stamp();
    const later = { ...ctx, clock: fixedClock('2026-11-23T11:00:00Z') };
    await recomputeHealth(later, { accountIds: [globex] });
    expect(await stamp()).toBe(before);
    await ctx.db
      .updateTable('usage_daily')
      .set({ active_users: 5 })
      .where('account_id', '=', globex)
      .execute();
    await recomputeHealth(later, { accountIds: [globex] });
    expect(await stamp()).toBe('2026-11-23T11:00:00.000Z');
  });

  it('recomputes only the accounts it is given', async () => {
    const report = await recomputeHealth(ctx, { accountIds: [acme] });
    expect(report.snapshots).toBe(1);
  });
});
