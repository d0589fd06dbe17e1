import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { jobNamed } from '../../../src/jobs/definitions';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { configWith } from '../../helpers/jobs-fixtures';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { BOT_TOKEN, type Harness, NOW, nextTrigger, startHarness } from '../slack/harness';

// Issue 13 point 3 in Slack, the parts the first routing test left out: `team` scope (people
// in one `teams:` entry get each other's accounts' alerts by DM), the `rules=` filter in a real
// delivery, and working hours (outside them a DM waits for one catch-up, like quiet hours),
// including the night New York leaves summer time. Signed requests to the real Bolt app, the
// Web API emulator, the clock moved by hand.

const JANE = { id: 'U0JANE', name: 'Jane Owner', email: 'jane@acme.com', tz: 'America/New_York' };
const BOB = { id: 'U0BOB', name: 'Bob Mate', email: 'bob@acme.com', tz: 'America/New_York' };
/** In no team: "my team" is only his own accounts. */
const CARL = { id: 'U0CARL', name: 'Carl Solo', email: 'carl@acme.com', tz: 'Europe/Berlin' };
const dmOf = (u: { id: string }) => [u.id, `D${u.id.slice(1)}`];

describeEachDatabase('slack: team scope, rules filter, working hours', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let worker: OutboxWorker;

  beforeAll(async () => {
    h = await startHarness(get().db);
    for (const u of [JANE, BOB, CARL]) h.emulator.addUser(u);
    clock = movableClock(NOW);
    h.ctx.clock = clock;
    h.ctx.config = configWith({ teams: { east: [JANE.email, 'BOB@acme.com'] } });
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
  });
  afterAll(() => h.close());

  const text = (v: unknown) => JSON.stringify(v);
  const dms = (u: { id: string }) =>
    h.emulator.posts.filter((p) => dmOf(u).includes(p.channel) && !p.threadTs);
  const dmCount = () => ({ jane: dms(JANE).length, bob: dms(BOB).length, carl: dms(CARL).length });
  async function cs(user: { id: string }, words: string) {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: '/cs',
        text: words,
        user_id: user.id,
        trigger_id: nextTrigger(user.id),
        response_url: h.emulator.responseUrl(),
        channel_id: `D${user.id.slice(1)}`,
      }),
    );
    return text(await res.json());
  }
  /**
   * An account that fires today: `inactivity` (no login for 20 days) or `usage_decline` (active
   * users down 75%, logins steady). No channel of its own, so DMs are all it gets.
   */
  async function firing(name: string, owner: string, rule: 'inactivity' | 'usage_decline') {
    const id = await insertAccount(get().db, {
      external_id: name.toLowerCase().replace(/\W+/g, '-'),
      name,
      owner_email: owner,
      arr: 80000,
    });
    const today = clock.now().toISOString().slice(0, 10);
    await insertUsage(get().db, id, today, 60, (i) =>
      rule === 'inactivity'
        ? { active: 20, seats: 40, logins: i < 40 ? 30 : 0, features: 6 }
        : { active: i < 30 ? 40 : 10, seats: 40, logins: 30, features: 6 },
    );
    return id;
  }
  async function risk() {
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
  }
  const alertRule = async (name: string) =>
    (
      await get()
        .db.selectFrom('alerts as al')
        .innerJoin('accounts as a', 'a.id', 'al.account_id')
        .select('al.rule')
        .where('a.name', '=', name)
        .executeTakeFirstOrThrow()
    ).rule;
  const digestMinute = async () => {
    const job = jobNamed('digest');
    return job.run(h.ctx, job.latestSlot(h.ctx, clock.now())!) as Promise<{
      catchUps: { people: number; alerts: number };
    }>;
  };

  it('team scope: a teammate in the same teams: entry gets the DM; someone in no team does not', async () => {
    expect(await cs(JANE, 'alerts')).toContain('Your alert settings');
    expect(await cs(BOB, 'alerts both team')).toContain("Scope: your team's accounts");
    expect(await cs(CARL, 'alerts both team')).toContain('so your team is you');
    await firing('Team Alpha', JANE.email, 'inactivity');
    await risk();
    // Jane as owner (default routing), Bob as her teammate; Carl is in no team with her.
    expect(dmCount()).toEqual({ jane: 1, bob: 1, carl: 0 });
    expect(dms(BOB)[0]!.text).toContain('Team Alpha');
    // Jane kept the default scope (mine): Bob's own account reaches Bob, not her.
    await firing('Team Beta', BOB.email, 'inactivity');
    await risk();
    expect(dmCount()).toEqual({ jane: 1, bob: 2, carl: 0 });
    // Carl's own account reaches Carl: "team" includes yourself even in no team.
    await firing('Team Gamma', CARL.email, 'inactivity');
    await risk();
    expect(dmCount()).toEqual({ jane: 1, bob: 2, carl: 1 });
  });

  it('rules= in a real delivery: only alerts of the chosen rules reach the DM', async () => {
    expect(await cs(BOB, 'alerts dm all rules=usage_decline')).toContain('rules=usage_decline');
    expect(await cs(JANE, 'alerts channel')).toContain('in channels only');
    expect(await cs(CARL, 'alerts channel')).toContain('in channels only');
    const before = dmCount();
    await firing('Rules Inactive', CARL.email, 'inactivity');
    await firing('Rules Declining', CARL.email, 'usage_decline');
    await risk();
    expect(await alertRule('Rules Inactive')).toBe('inactivity');
    expect(await alertRule('Rules Declining')).toBe('usage_decline');
    // Alert cards only (the usage_decline playbook's checklist follows the alert to the DM).
    const cards = () =>
      dms(BOB)
        .slice(before.bob)
        .map((p) => p.text)
        .filter((t) => !t.includes('rescue for'));
    expect(cards()).toEqual([expect.stringContaining('Rules Declining: active users down')]);
    // Filters none: every rule again.
    expect(await cs(BOB, 'alerts filters none')).toContain('Scope: every account.');
    await firing('Rules Inactive Two', CARL.email, 'inactivity');
    await risk();
    expect(cards()).toHaveLength(2);
    expect(cards()[1]).toContain('Rules Inactive Two');
  });

  it('cs hours: outside working hours the DM waits for one catch-up at the start of the day; inside, it goes at once', async () => {
    expect(await cs(BOB, 'alerts dm mine')).toContain('your accounts');
    // 10:00 UTC is 05:00 in New York: before 09:00.
    expect(await cs(BOB, 'hours 09:00-18:00')).toContain('America/New_York');
    const before = dms(BOB).length;
    await firing('Hours Early', BOB.email, 'inactivity');
    await risk();
    expect(dms(BOB)).toHaveLength(before);
    const held = await get()
      .db.selectFrom('away_alerts')
      .select(['user_id', 'away_until', 'released_at'])
      .where('user_id', '=', BOB.id)
      .execute();
    expect(held).toHaveLength(1);
    // 09:00 in New York is 14:00 UTC in November.
    expect(held[0]!.away_until.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    clock.set('2026-11-23T13:59:00Z');
    expect((await digestMinute()).catchUps.people).toBe(0);
    clock.set('2026-11-23T14:00:00Z');
    expect((await digestMinute()).catchUps).toEqual({ people: 1, alerts: 1 });
    await worker.runUntilIdle();
    expect(dms(BOB)).toHaveLength(before + 1);
    expect(dms(BOB).at(-1)!.text).toContain('While you were away: 1 alert');

    // 15:00 UTC is 10:00 in New York: at work, the card goes straight to the DM.
    clock.set('2026-11-23T15:00:00Z');
    await firing('Hours Day', BOB.email, 'inactivity');
    await risk();
    expect(dms(BOB)).toHaveLength(before + 2);
    expect(dms(BOB).at(-1)!.text).toContain('Hours Day');

    // 23:30 UTC is 18:30 in New York: after work, held until 09:00 the next day.
    clock.set('2026-11-23T23:30:00Z');
    await firing('Hours Late', BOB.email, 'inactivity');
    await risk();
    expect(dms(BOB)).toHaveLength(before + 2);
    const late = await get()
      .db.selectFrom('away_alerts')
      .select('away_until')
      .where('user_id', '=', BOB.id)
      .where('released_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(late.away_until.toISOString()).toBe('2026-11-24T14:00:00.000Z');
    clock.set('2026-11-24T14:00:00Z');
    expect((await digestMinute()).catchUps).toEqual({ people: 1, alerts: 1 });
    await cs(BOB, 'hours off');
  });

  it('the night summer time ends: quiet hours end at 08:00 local, not an hour early', async () => {
    // Sunday 1 November 2026, 04:30 UTC is 00:30 EDT in New York; at 06:00 UTC clocks go back
    // to 01:00 EST, so 08:00 that morning is 13:00 UTC (counting local minutes gives 12:00).
    clock.set('2026-11-01T04:30:00Z');
    expect(await cs(JANE, 'alerts dm mine')).toContain('your accounts');
    expect(await cs(JANE, 'quiet 20:00-08:00')).toContain('America/New_York');
    await firing('Fall Back', JANE.email, 'inactivity');
    await risk();
    const held = await get()
      .db.selectFrom('away_alerts as w')
      .innerJoin('alerts as al', 'al.id', 'w.alert_id')
      .innerJoin('accounts as a', 'a.id', 'al.account_id')
      .select('w.away_until')
      .where('w.user_id', '=', JANE.id)
      .where('a.name', '=', 'Fall Back')
      .executeTakeFirstOrThrow();
    expect(held.away_until.toISOString()).toBe('2026-11-01T13:00:00.000Z');
    clock.set('2026-11-01T12:00:00Z');
    expect((await digestMinute()).catchUps.people).toBe(0);
    clock.set('2026-11-01T13:00:00Z');
    expect((await digestMinute()).catchUps.people).toBe(1);
  });
});
