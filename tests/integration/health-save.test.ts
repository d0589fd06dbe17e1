import { beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import {
  computeHealthFacts,
  DEFAULT_HEALTH_SETTINGS,
  type HealthInputs,
  noHealthData,
} from '../../src/domain/health';
import { encodeMeasures, type SnapshotRow, saveSnapshots } from '../../src/store/health-snapshots';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

const DAY = '2026-11-23';

const inputs = (over: Partial<HealthInputs>): HealthInputs => ({
  asOf: DAY,
  contractStart: '2025-01-01',
  seats: 100,
  activeUsers30: 40.5,
  activeUsersPrev30: 60.25,
  logins30: 800,
  loginsPrev30: 1300,
  lastLoginDate: '2026-11-20',
  featuresUsed30: 7,
  featuresTotal: 12,
  openTickets: [{ priority: 'urgent', openedOn: '2026-11-01' }],
  hasTicketData: true,
  npsAnswers: [{ score: 2, respondent: 'o\'brien "jr"@例え.jp', answeredOn: '2026-11-02' }],
  csatAverage: 3.3333333333333335,
  ...over,
});

// The save sends each chunk as one JSON document taken apart by position in SQL: every field
// must land in its column, and the measures (decimals, nulls, quotes, non-ASCII) as encoded.
describeEachDatabase('saving health snapshots', (get) => {
  let ctx: AppContext;
  let rows: SnapshotRow[];

  beforeAll(async () => {
    ctx = testContext(get());
    const a = await insertAccount(ctx.db, { external_id: 'save-1', name: 'Quoted Detractor' });
    const b = await insertAccount(ctx.db, { external_id: 'save-2', name: 'No Data Yet' });
    const c = await insertAccount(ctx.db, { external_id: 'save-3', name: 'New Customer' });
    const none = noHealthData(DAY, '2025-01-01', false);
    rows = [
      { accountId: a, day: DAY, health: computeHealthFacts(inputs({}), DEFAULT_HEALTH_SETTINGS) },
      { accountId: b, day: DAY, health: computeHealthFacts(none, DEFAULT_HEALTH_SETTINGS) },
      {
        accountId: c,
        day: '2026-11-22',
        health: computeHealthFacts(
          inputs({ contractStart: '2026-10-01' }),
          DEFAULT_HEALTH_SETTINGS,
        ),
      },
    ];
  });

  const stored = () =>
    ctx.db
      .selectFrom('health_snapshots')
      .select([
        'account_id',
        'day',
        'score',
        'band',
        'measures',
        'drivers',
        'onboarding',
        'computed_at',
      ])
      .orderBy('account_id')
      .execute();

  it('stores every field of every row as the engine computed it', async () => {
    expect(rows[1]?.health.score).toBeNull();
    expect(rows[2]?.health.onboarding).toBe(true);
    await saveSnapshots(ctx.db, rows, new Date('2026-11-23T10:00:00Z'));
    const saved = await stored();
    expect(
      saved.map((r) => ({ ...r, account_id: Number(r.account_id), computed_at: undefined })),
    ).toEqual(
      rows.map((r) => ({
        account_id: r.accountId,
        day: r.day,
        score: r.health.score,
        band: r.health.band,
        // Stored as jsonb: what JSON would give back for the encoded measures.
        measures: JSON.parse(JSON.stringify(encodeMeasures(r.health.measures))),
        drivers: null,
        onboarding: r.health.onboarding,
        computed_at: undefined,
      })),
    );
  });

  it('leaves an unchanged row alone and rewrites a changed one', async () => {
    const later = new Date('2026-11-23T11:00:00Z');
    const changed = computeHealthFacts(inputs({ npsAnswers: [] }), DEFAULT_HEALTH_SETTINGS);
    const [first, ...others] = rows as [SnapshotRow, ...SnapshotRow[]];
    await saveSnapshots(ctx.db, [{ ...first, health: changed }, ...others], later);
    const saved = await stored();
    expect(saved.map((r) => r.computed_at.toISOString())).toEqual([
      later.toISOString(),
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:00:00.000Z',
    ]);
    expect(saved[0]?.measures).toEqual(
      JSON.parse(JSON.stringify(encodeMeasures(changed.measures))),
    );
  });
});
