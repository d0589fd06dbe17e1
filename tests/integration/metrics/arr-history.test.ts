import { expect, it } from 'vitest';
import { ingestBatch } from '../../../src/app/ingest';
import { teamMetrics } from '../../../src/app/team-metrics';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';

describeEachDatabase('ARR history from account imports', (get) => {
  it('records each ARR an account has had, so NRR sees a downgrade between imports', async () => {
    const at = (iso: string) => testContext(get(), iso);
    const row = (arr: number | null, name = 'Acme Corp') => ({
      external_id: 'acme',
      name,
      arr,
      contract_start: '2025-01-01',
    });
    await ingestBatch(at('2026-11-01T09:00:00Z'), 'accounts', [row(1000)]);
    // A name change alone records nothing; an ARR change records the new ARR.
    await ingestBatch(at('2026-11-10T09:00:00Z'), 'accounts', [row(1000, 'Acme Inc')]);
    await ingestBatch(at('2026-11-20T09:00:00Z'), 'accounts', [row(600, 'Acme Inc')]);
    await ingestBatch(at('2026-11-21T09:00:00Z'), 'accounts', [row(600, 'Acme Inc')]);
    const history = await get()
      .db.selectFrom('account_arr_changes')
      .select(['at', 'arr'])
      .orderBy('at')
      .execute();
    expect(history.map((h) => [h.at.toISOString(), h.arr])).toEqual([
      ['2026-11-01T09:00:00.000Z', 1000],
      ['2026-11-20T09:00:00.000Z', 600],
    ]);
    // 17–23 Nov: 1000 at the start, 600 at the end.
    const m = await teamMetrics(at('2026-11-23T10:00:00Z'), { kind: 'team' }, '7d');
    expect(m.current.retention).toMatchObject({ startArr: 1000, grr: 60, nrr: 60 });
    expect(m.previous.retention).toMatchObject({ startArr: 1000, grr: 100, nrr: 100 });
  });
});
