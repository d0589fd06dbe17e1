import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';
import {
  expectLikeRowByRow,
  expectRollupInStep,
  inZone,
  NOW,
  seedRandomHistory,
} from '../../helpers/metrics-random';

// The aggregate statements (store/metrics-totals.ts; for the whole team's alerts the daily
// rollup, store/metrics-alert-rollup.ts) against the old row-by-row gathering and formulas
// (tests/helpers/metrics-row-by-row.ts) on a random history: every figure, both periods, every
// period name, scoped and filtered, in three time zones (a period's ends off UTC midnight,
// by whole and by half hours).

describeEachDatabase('metrics totals equal the row-by-row figures', (get) => {
  beforeAll(async () => {
    await seedRandomHistory(get().db);
  });

  it('the rollup kept by the triggers is the rollup of the alerts', async () => {
    expect(await expectRollupInStep(get().db)).toBeGreaterThan(100);
  });

  for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it(`matches for every period and scope (${timeZone})`, async () => {
      const nonEmpty = await expectLikeRowByRow(inZone(testContext(get(), NOW), timeZone));
      // The dataset is not trivially empty: most combinations have alerts and a cohort.
      expect(nonEmpty).toBeGreaterThan(10);
    });
  }
});
