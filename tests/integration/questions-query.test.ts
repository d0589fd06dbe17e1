import { beforeAll, expect, it } from 'vitest';
import { accountQueryOf, answerParsed } from '../../src/app/questions';
import { renderText } from '../../src/cards/text';
import { parseQuestion } from '../../src/domain/parse/question';
import type { AccountFilters } from '../../src/domain/parse/question-model';
import { accountsMatching } from '../../src/store/account-query';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

const TODAY = '2026-11-23';

// The store query behind questions, on both databases: each filter narrows the set as said,
// trends compare with the score 30 days before, rules are unresolved alerts of that rule.
describeEachDatabase('questions: accounts matching a filter set', (get) => {
  beforeAll(async () => {
    const db = get().db;
    const snap = (id: number, day: string, score: number) =>
      db
        .insertInto('health_snapshots')
        .values({
          account_id: id,
          day,
          score,
          band: score >= 70 ? 'green' : score >= 40 ? 'yellow' : 'red',
          measures: '[]',
          drivers: '[]',
          onboarding: false,
        })
        .execute();
    const add = async (
      name: string,
      o: {
        owner: string;
        arr: number;
        renew: string;
        segment: string;
        now: number;
        before: number;
      },
    ) => {
      const id = await insertAccount(db, {
        external_id: name,
        name,
        owner_email: o.owner,
        arr: o.arr,
        renewal_date: o.renew,
        segment: o.segment,
      });
      await snap(id, '2026-10-24', o.before);
      await snap(id, TODAY, o.now);
      return id;
    };
    // Falls 80 → 35 (red, dropping); renews in 17 days.
    const falling = await add('Falling Co', {
      owner: 'jane@tend.example',
      arr: 200_000,
      renew: '2026-12-10',
      segment: 'enterprise',
      now: 35,
      before: 80,
    });
    // Rises 40 → 75 (green, improving); renews next year.
    await add('Rising Co', {
      owner: 'omar@tend.example',
      arr: 50_000,
      renew: '2027-02-15',
      segment: 'smb',
      now: 75,
      before: 40,
    });
    // Steady yellow with an open inactivity alert; renews in January.
    const steady = await add('Steady Co', {
      owner: 'jane@tend.example',
      arr: 9_000,
      renew: '2027-01-05',
      segment: 'smb',
      now: 60,
      before: 61,
    });
    await db
      .insertInto('alerts')
      .values([
        { account_id: steady, rule: 'inactivity', summary: 'no logins', fired_at: new Date() },
        {
          account_id: falling,
          rule: 'inactivity',
          summary: 'old',
          fired_at: new Date(),
          status: 'resolved',
        },
      ])
      .execute();
    // Churned accounts are never listed.
    await insertAccount(db, { external_id: 'gone', name: 'Gone Co', arr: 1 });
    await db
      .updateTable('accounts')
      .set({ status: 'churned' })
      .where('name', '=', 'Gone Co')
      .execute();
  });

  const names = async (f: AccountFilters, email: string | null = null) =>
    (await accountsMatching(get().db, accountQueryOf(f, TODAY, email), 25)).rows.map((r) => r.name);

  it('filters by band, segment, owner (me, handle, e-mail) and ARR bounds', async () => {
    expect(await names({ bands: ['red', 'yellow'] })).toEqual(['Falling Co', 'Steady Co']);
    expect(await names({ segment: 'smb' })).toEqual(['Steady Co', 'Rising Co']);
    expect(await names({ owner: { kind: 'me' } }, 'JANE@tend.example')).toEqual([
      'Falling Co',
      'Steady Co',
    ]);
    expect(await names({ owner: { kind: 'name', name: 'omar' } })).toEqual(['Rising Co']);
    expect(await names({ owner: { kind: 'email', email: 'omar@tend.example' } })).toEqual([
      'Rising Co',
    ]);
    expect(await names({ minArr: 50_000 })).toEqual(['Falling Co', 'Rising Co']);
    expect(await names({ minArr: 10_000, maxArr: 100_000 })).toEqual(['Rising Co']);
  });

  it('filters by renewal window (soonest first), trend, rule and at-risk', async () => {
    expect(await names({ renewal: { unit: 'days', days: 60 } })).toEqual([
      'Falling Co',
      'Steady Co',
    ]);
    // 23 Nov 2026: next month is December, next quarter January to March.
    expect(await names({ renewal: { unit: 'month', offset: 1 } })).toEqual(['Falling Co']);
    expect(await names({ renewal: { unit: 'quarter', offset: 1 } })).toEqual([
      'Steady Co',
      'Rising Co',
    ]);
    expect(await names({ renewal: { unit: 'quarter-of-year', quarter: 1 } })).toEqual([
      'Steady Co',
      'Rising Co',
    ]);
    expect(await names({ trend: 'dropping' })).toEqual(['Falling Co']);
    expect(await names({ trend: 'improving' })).toEqual(['Rising Co']);
    // A resolved alert no longer counts.
    expect(await names({ rule: 'inactivity' })).toEqual(['Steady Co']);
    expect(await names({ atRisk: true })).toEqual(['Falling Co', 'Steady Co']);
  });

  it('counts and sums all matches, not just the rows shown', async () => {
    const page = await accountsMatching(get().db, accountQueryOf({}, TODAY, null), 1);
    expect(page.rows).toHaveLength(1);
    expect(page.total).toBe(3);
    expect(page.arrTotal).toBe(259_000);
  });

  it('answers a parsed question with the count, the sum and what it understood', async () => {
    const card = await answerParsed(
      testContext(get()),
      parseQuestion('how much ARR renews in the next 60 days and is not green?'),
      '',
    );
    const text = renderText(card);
    expect(text).toContain('ARR total · not green · renews ≤ 60 days');
    expect(text).toContain('2 accounts · $209,000 ARR');
  });
});
