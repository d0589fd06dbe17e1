import { beforeEach, expect, it } from 'vitest';
import { runDigestJob } from '../../../src/app/digests';
import { runSubscriptionsCommand } from '../../../src/app/subscriptions';
import type { CsAction } from '../../../src/domain/parse/command';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';

describeEachDatabase('digests and /cs subscriptions', (get) => {
  beforeEach(async () => {
    await truncateAll(get());
  });

  const digests = () =>
    get()
      .db.selectFrom('outbox')
      .select(['dedupe_key', 'channel_id', 'payload'])
      .where('dedupe_key', 'like', 'digest:%')
      .orderBy('id')
      .execute();

  function cs(ctx: ReturnType<typeof jobsContext>, action: CsAction, args = '', channel = 'CDIG') {
    return runSubscriptionsCommand(
      ctx,
      {
        platform: 'slack',
        user: { id: 'U0ANN', email: 'ann@tend.test', name: 'Ann' },
        channelId: channel,
        text: `cs ${action} ${args}`,
        requestKey: `k-${Math.random()}`,
      },
      { action, args },
    );
  }
  const text = (reply: unknown) => JSON.stringify(reply);

  it('a 09:00 Europe/Berlin digest fires at 08:00Z before the DST change and 07:00Z after', async () => {
    // Thursday 26 March 2026; the clocks go forward on Sunday the 29th.
    const clock = movableClock('2026-03-26T12:00:00Z');
    const ctx = jobsContext(get().db, clock);
    await seedPortfolio(get().db, '2026-03-26');
    const sub = await cs(ctx, 'subscribe', 'digest at 09:00 tz Europe/Berlin');
    expect(text(sub)).toContain('First digest 27 Mar 09:00');
    const at = async (iso: string) => {
      clock.set(iso);
      return (await runDigestJob(ctx)).digests;
    };
    expect(await at('2026-03-27T07:59:00Z')).toBe(0);
    expect(await at('2026-03-27T08:00:00Z')).toBe(1);
    expect(await at('2026-03-27T08:01:00Z')).toBe(0);
    // Weekend: nothing.
    expect(await at('2026-03-28T08:00:00Z')).toBe(0);
    expect(await at('2026-03-29T07:00:00Z')).toBe(0);
    // Monday after the change: 09:00 local is 07:00Z.
    expect(await at('2026-03-30T06:59:00Z')).toBe(0);
    expect(await at('2026-03-30T07:00:00Z')).toBe(1);
    expect((await digests()).map((d) => d.dedupe_key.replace(/^digest:\d+:/, ''))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('catches up a missed digest once within the window, not one from days ago', async () => {
    const clock = movableClock('2026-11-20T12:00:00Z');
    const ctx = jobsContext(get().db, clock);
    await cs(ctx, 'subscribe', 'digest at 09:00 tz UTC');
    clock.set('2026-11-23T15:30:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(1);
    expect((await runDigestJob(ctx)).digests).toBe(0);
    clock.set('2026-11-26T09:30:00Z');
    await get()
      .db.updateTable('channel_subscriptions')
      .set({ last_sent_at: new Date('2026-11-20T09:00:00Z') })
      .execute();
    clock.set('2026-11-27T11:00:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(1);
    const keys = (await digests()).map((d) => d.dedupe_key.replace(/^digest:\d+:/, ''));
    expect(keys).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-27T09:00:00.000Z']);
  });

  it('filters by segment and min ARR, and says what changed since the last digest', async () => {
    const clock = movableClock('2026-11-22T12:00:00Z');
    const ctx = jobsContext(get().db, clock);
    const { acme } = await seedPortfolio(get().db, '2026-11-23');
    const snap = (day: string, score: number, band: 'green' | 'yellow' | 'red') =>
      get()
        .db.insertInto('health_snapshots')
        .values({
          account_id: acme,
          day,
          score,
          band,
          measures: '[]',
          drivers: '[]',
          onboarding: false,
        })
        .execute();
    await snap('2026-11-22', 75, 'green');
    await snap('2026-11-23', 35, 'red');
    await cs(ctx, 'subscribe', 'digest segment=enterprise min_arr=100k daily at 09:00 tz UTC');
    await cs(ctx, 'subscribe', 'digest segment=smb daily at 09:00 tz UTC', 'CSMB');
    clock.set('2026-11-23T09:00:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(2);
    const [ent, smb] = await digests();
    const entText = JSON.stringify(ent?.payload);
    expect(entText).toContain('1 account (segment=enterprise min_arr=100000)');
    expect(entText).toContain('Acme Corp: green → red');
    expect(entText).toContain('Acme Corp: −40 (75 → 35)');
    expect(entText).not.toContain('Beta GmbH');
    expect(JSON.stringify(smb?.payload)).toContain(
      '1 account (segment=smb) · changes since 22 Nov',
    );
  });

  it('pause holds digests; resume sends one catch-up digest', async () => {
    const clock = movableClock('2026-11-20T12:00:00Z');
    const ctx = jobsContext(get().db, clock);
    await cs(ctx, 'subscribe', 'digest daily at 09:00 tz UTC');
    expect(text(await cs(ctx, 'pause', '7d'))).toContain('pause until');
    expect(text(await cs(ctx, 'pause', 'soon'))).toContain('not a duration');
    clock.set('2026-11-21T09:00:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(0);
    clock.set('2026-11-22T10:00:00Z');
    await cs(ctx, 'resume');
    expect(await runDigestJob(ctx)).toMatchObject({ digests: 1, catchUps: 1 });
    expect((await runDigestJob(ctx)).digests).toBe(0);
    expect(JSON.stringify((await digests())[0]?.payload)).toContain('Catch-up digest');
  });

  it("names the zone of every pause time: the answer in the team zone, the listing in each subscription's", async () => {
    const clock = movableClock('2026-11-20T12:00:00Z');
    const ctx = jobsContext(get().db, clock);
    await cs(ctx, 'subscribe', 'digest daily at 09:00 tz Asia/Tokyo');
    expect(ctx.config.settings.timezone).toBe('UTC');
    expect(text(await cs(ctx, 'pause', '7d'))).toContain('pause until 27 Nov 12:00 UTC');
    expect(text(await cs(ctx, 'subscriptions'))).toContain('paused until 27 Nov 21:00 Asia/Tokyo');
  });

  it('lists and removes subscriptions of the channel, and explains bad input', async () => {
    const ctx = jobsContext(get().db, movableClock('2026-11-23T10:00:00Z'));
    await cs(ctx, 'subscribe', 'alerts tier=gold');
    await cs(ctx, 'subscribe', 'renewals');
    const list = text(await cs(ctx, 'subscriptions'));
    expect(list).toMatch(/#1 alerts · tier=gold/);
    expect(list).toMatch(/#2 renewals · all accounts/);
    expect(text(await cs(ctx, 'unsubscribe', '#1'))).toContain('Subscription #1 is gone');
    expect(text(await cs(ctx, 'unsubscribe', '1'))).toContain('no subscription #1');
    expect(text(await cs(ctx, 'unsubscribe', '2', 'COTHER'))).toContain('no subscription #2');
    expect(text(await cs(ctx, 'subscribe', 'news'))).toContain('Say what to subscribe to');
    expect(text(await cs(ctx, 'subscribe', 'digest tz Mars/Olympus'))).toContain('not a time zone');
    expect(text(await cs(ctx, 'subscribe', 'digest at 25:00'))).toContain('not a time');
    expect(text(await cs(ctx, 'subscribe', 'digest owner=<@U0NOBODY>'))).toContain(
      "can't tell the e-mail",
    );
    expect(text(await cs(ctx, 'subscribe', 'digest color=red'))).toContain("don't know the filter");
  });
});
