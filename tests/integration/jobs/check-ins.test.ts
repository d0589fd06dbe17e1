import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { checkInsDue } from '../../../src/app/check-ins';
import type { AppContext } from '../../../src/app/context';
import { runDigestJob } from '../../../src/app/digests';
import { runSubscriptionsCommand } from '../../../src/app/subscriptions';
import { insertTouchpoint } from '../../../src/store/touchpoints';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, movableClock } from '../../helpers/jobs-context';

const NOW = '2026-11-23T10:00:00Z';

// Touch cadence by tier (settings.cadence; default platinum 14, gold 30, silver 60, bronze
// none): the set-based check, the digest's "Check-ins due" section and the touch_overdue rule.
describeEachDatabase('check-ins due: cadence by tier, digest section, touch_overdue', (get) => {
  const ids: Record<string, number> = {};
  const clock = movableClock(NOW);
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = jobsContext(get().db, clock);
    const add = async (key: string, tier: string | null, status = 'active') => {
      ids[key] = await insertAccount(get().db, {
        external_id: key,
        name: `Account ${key}`,
        owner_email: 'ann@tend.test',
      });
      await sql`update accounts set tier = ${tier}, status = ${status},
        created_at = '2026-10-01T00:00:00Z' where id = ${ids[key]}`.execute(get().db);
    };
    await add('A', 'platinum'); // touched 1 Nov: 22 days > 14 → due, 8 days over
    await add('B', 'Gold'); // touched 10 Nov: 13 days < 30 → not due
    await add('C', 'bronze'); // tech-touch: never due
    await add('D', 'platinum', 'churned'); // churned: never due
    await add('E', null); // no tier: no cadence
    await add('F', 'PLATINUM'); // only a note (not a touch) since 1 Oct: 53 days → 39 over
    const touch = (key: string, kind: 'call' | 'message' | 'note', at: string) =>
      insertTouchpoint(get().db, {
        accountId: ids[key]!,
        kind,
        text: `${kind} on ${key}`,
        loggedBy: 'Ann',
        platform: 'slack',
        at: new Date(at),
        requestKey: null,
      });
    await touch('A', 'call', '2026-11-01T10:00:00Z');
    await touch('A', 'note', '2026-11-20T10:00:00Z');
    await touch('B', 'message', '2026-11-10T10:00:00Z');
    await touch('F', 'note', '2026-11-20T10:00:00Z');
  });

  it('lists the accounts past their tier cadence, most overdue first (notes do not count)', async () => {
    const due = await checkInsDue(ctx, clock.now());
    expect(due.map((d) => [d.name, d.cadenceDays, d.overdueDays])).toEqual([
      ['Account F', 14, 39],
      ['Account A', 14, 8],
    ]);
    expect(due[0]!.lastTouchAt).toBeNull();
    expect(due[1]!.lastTouchAt).toEqual(new Date('2026-11-01T10:00:00Z'));
    // One owner's, for App Home.
    expect(await checkInsDue(ctx, clock.now(), { owner: 'bob@tend.test' })).toEqual([]);
    // A cadence of its own: gold every 10 days makes B due too.
    const tighter = withSettings(ctx, { cadence: { platinum: 14, gold: 10, bronze: null } });
    expect((await checkInsDue(tighter, clock.now())).map((d) => d.name)).toEqual([
      'Account F',
      'Account A',
      'Account B',
    ]);
  });

  it('the daily digest has a "Check-ins due" section', async () => {
    await runSubscriptionsCommand(
      ctx,
      {
        platform: 'slack',
        user: { id: 'U0ANN', email: 'ann@tend.test', name: 'Ann' },
        channelId: 'CDIG',
        text: 'cs subscribe digest',
        requestKey: 'sub-1',
      },
      { action: 'subscribe', args: 'digest' },
    );
    expect((await runDigestJob(ctx, undefined, 'manual')).digests).toBe(1);
    const [digest] = await get()
      .db.selectFrom('outbox')
      .select('payload')
      .where('dedupe_key', 'like', 'digest:%')
      .execute();
    const card = JSON.stringify(digest!.payload);
    expect(card).toContain('Check-ins due (2)');
    expect(card).toContain('Account F: no touch logged (every 14 days)');
    expect(card).toContain('Account A: last touch 1 Nov (every 14 days)');
    expect(card.indexOf('Account F: no touch')).toBeLessThan(card.indexOf('Account A: last'));
  });

  it('touch_overdue fires only when enabled, once per overdue stretch', async () => {
    const alerts = () =>
      get()
        .db.selectFrom('alerts')
        .select(['account_id', 'summary'])
        .where('rule', '=', 'touch_overdue')
        .orderBy('account_id')
        .execute();
    await runRiskJob(ctx);
    expect(await alerts()).toEqual([]);
    const on = withSettings(ctx, {
      rules: {
        ...ctx.config.settings.rules,
        touch_overdue: { enabled: true, cooldownHours: 72 },
      },
    });
    await runRiskJob(on);
    expect(await alerts()).toEqual([
      {
        account_id: ids.A,
        summary: 'check-in due: no touch since 1 Nov (every 14 days for its tier)',
      },
      {
        account_id: ids.F,
        summary: 'check-in due: no touch logged yet (every 14 days for its tier)',
      },
    ]);
    // The next hour: the same stretch continues, no new alert.
    clock.advance(3_600_000);
    expect(await runRiskJob(on)).toMatchObject({ fired: 0 });
    clock.set(NOW);
  });
});

function withSettings(ctx: AppContext, patch: Record<string, unknown>): AppContext {
  return {
    ...ctx,
    config: { ...ctx.config, settings: { ...ctx.config.settings, ...patch } },
  } as AppContext;
}
