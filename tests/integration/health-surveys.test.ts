import { beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { recomputeHealth } from '../../src/app/health-recompute';
import { latestSnapshot } from '../../src/store/health-snapshots';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

const TODAY = '2026-11-23';

// Recompute reads NPS answers one by one and CSAT as each account's sum and count: the mean,
// the survey window and the detractor named must be what the answers say.
describeEachDatabase('health recompute: survey answers', (get) => {
  let ctx: AppContext;
  let csatOnly: number;
  let both: number;

  beforeAll(async () => {
    ctx = testContext(get());
    csatOnly = await insertAccount(ctx.db, { external_id: 'srv-1', name: 'Csat Only' });
    both = await insertAccount(ctx.db, { external_id: 'srv-2', name: 'Both Kinds' });
    let n = 0;
    const answer = (
      account_id: number,
      kind: 'nps' | 'csat',
      score: number,
      answered_on: string,
      respondent: string | null = null,
    ) => ({ external_id: `a-${++n}`, account_id, kind, score, answered_on, respondent });
    await ctx.db
      .insertInto('survey_answers')
      .values([
        answer(csatOnly, 'csat', 2, '2026-11-01'),
        answer(csatOnly, 'csat', 3, '2026-10-01'),
        answer(csatOnly, 'csat', 5, '2026-09-01'),
        // Outside the 180-day window, and after the day scored: neither counts.
        answer(csatOnly, 'csat', 5, '2026-05-01'),
        answer(csatOnly, 'csat', 5, '2026-11-24'),
        answer(both, 'csat', 1, '2026-11-10'),
        answer(both, 'nps', 10, '2026-11-01', 'fan@both.example'),
        answer(both, 'nps', 4, '2026-11-12', 'critic@both.example'),
        answer(both, 'nps', 2, '2026-04-01', 'old@both.example'),
      ])
      .execute();
    await recomputeHealth(ctx, { day: TODAY });
  });

  const sentiment = async (id: number) => {
    const snapshot = await latestSnapshot(ctx.db, id);
    return snapshot?.measures.find((m) => m.key === 'sentiment');
  };

  it('scores CSAT by the mean of the answers in the window', async () => {
    // (2 + 3 + 5) / 3 = 3.33: ((3.33 - 1) / 4) × 100 = 58.
    expect(await sentiment(csatOnly)).toMatchObject({ score: 58, detail: 'CSAT 3.3 of 5' });
  });

  it('blends NPS and CSAT and names the latest detractor in the window', async () => {
    // NPS (1 promoter, 1 detractor of 2) = 0 → 50; CSAT 1 → 0; 0.7 × 50 + 0.3 × 0 = 35.
    const m = await sentiment(both);
    expect(m?.score).toBe(35);
    expect(m?.detail).toContain('critic@both.example');
  });
});
