import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { jobNamed } from '../../../src/jobs/definitions';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { configWith } from '../../helpers/jobs-fixtures';
import { type Harness, PERSONAL, personal, startHarness, TENANT } from '../teams/harness';

// Issue 13 point 3 in Teams: team scope, the rules= filter and working hours in the person's
// own zone (Teams' localTimezone), through the real Bot Framework adapter and our stand-in of
// the Bot Connector, with the clock moved by hand. DMs go to the personal chat the bot holds.

const BOB = { id: '29:bob', name: 'Bob Mate', aadObjectId: 'aad-bob' };
const BOB_CHAT = 'a:personal-bob';

describeEachDatabase('Teams: team scope, rules filter, working hours', (get) => {
  let h: Harness;
  let clock: MovableClock;

  beforeAll(async () => {
    h = await startHarness(get());
    h.standIn.members.set(BOB.aadObjectId, { ...BOB, email: 'bob@acme.com' });
    h.standIn.members.set(BOB.id, { ...BOB, email: 'bob@acme.com' });
    clock = movableClock('2026-11-23T10:00:00Z');
    h.ctx.clock = clock;
    h.ctx.config = configWith({ teams: { east: ['jane@acme.com', 'bob@acme.com'] } });
  });
  afterAll(() => h.close());

  const deliver = () =>
    createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { teams: createTeamsSender(h.ctx) },
      sleep: async () => {},
    }).runUntilIdle();
  const sentTo = (conversationId: string) =>
    h.standIn.calls
      .filter((c) => c.kind === 'send' && c.conversationId === conversationId)
      .map((c) => JSON.stringify(c.body));
  const jane = (text: string) => h.post(personal(text, { localTimezone: 'America/New_York' }));
  const bob = (text: string) =>
    h.post(
      personal(text, {
        from: BOB,
        conversation: { id: BOB_CHAT, conversationType: 'personal', tenantId: TENANT },
        localTimezone: 'Asia/Tokyo',
      }),
    );
  async function firing(name: string, owner: string, rule: 'inactivity' | 'usage_decline') {
    const id = await insertAccount(get().db, {
      external_id: name.toLowerCase().replace(/\W+/g, '-'),
      name,
      owner_email: owner,
      arr: 80000,
    });
    await insertUsage(get().db, id, clock.now().toISOString().slice(0, 10), 60, (i) =>
      rule === 'inactivity'
        ? { active: 20, seats: 40, logins: i < 40 ? 30 : 0, features: 6 }
        : { active: i < 30 ? 40 : 10, seats: 40, logins: 30, features: 6 },
    );
  }
  const routingOf = (userId: string) =>
    get()
      .db.selectFrom('alert_routing')
      .selectAll()
      .where('platform', '=', 'teams')
      .where('user_id', '=', userId)
      .executeTakeFirst();

  it('team scope with working hours in Tokyo: the owner gets it now, her teammate at 09:00 his time', async () => {
    await jane('cs alerts both');
    await bob('cs alerts team');
    await bob('cs hours 09:00-18:00');
    expect(await routingOf(BOB.id)).toMatchObject({ scope: 'team', work_hours: '09:00-18:00' });
    await firing('Teams Alpha', 'jane@acme.com', 'inactivity');
    await runRiskJob(h.ctx);
    await deliver();
    expect(sentTo(PERSONAL).filter((b) => b.includes('Teams Alpha'))).toHaveLength(1);
    // 10:00 UTC is 19:00 in Tokyo: after work. Held until 09:00 JST, 00:00 UTC.
    expect(sentTo(BOB_CHAT).filter((b) => b.includes('Teams Alpha'))).toHaveLength(0);
    const held = await get()
      .db.selectFrom('away_alerts')
      .select(['user_id', 'away_until'])
      .where('platform', '=', 'teams')
      .execute();
    expect(held.map((r) => [r.user_id, r.away_until.toISOString()])).toEqual([
      [BOB.id, '2026-11-24T00:00:00.000Z'],
    ]);
    const digest = jobNamed('digest');
    clock.set('2026-11-23T23:59:00Z');
    await digest.run(h.ctx, digest.latestSlot(h.ctx, clock.now())!);
    await deliver();
    expect(sentTo(BOB_CHAT).filter((b) => b.includes('While you were away'))).toHaveLength(0);
    clock.set('2026-11-24T00:00:00Z');
    await digest.run(h.ctx, digest.latestSlot(h.ctx, clock.now())!);
    await deliver();
    const caughtUp = sentTo(BOB_CHAT).filter((b) => b.includes('While you were away'));
    expect(caughtUp).toHaveLength(1);
    expect(caughtUp[0]).toContain('Teams Alpha');
  });

  it('rules= in Teams: only the chosen rule reaches the personal chat', async () => {
    // 01:00 UTC is 10:00 in Tokyo: at work.
    clock.set('2026-11-24T01:00:00Z');
    await jane('cs alerts channel');
    await bob('cs alerts dm all rules=usage_decline');
    expect(await routingOf(BOB.id)).toMatchObject({
      scope: 'all',
      filters: { rules: ['usage_decline'] },
    });
    await firing('Teams Inactive', 'carl@acme.com', 'inactivity');
    await firing('Teams Declining', 'carl@acme.com', 'usage_decline');
    await runRiskJob(h.ctx);
    await deliver();
    const cards = sentTo(BOB_CHAT).filter((b) => b.includes('active users down'));
    expect(cards).toHaveLength(1);
    expect(cards[0]).toContain('Teams Declining');
    expect(sentTo(BOB_CHAT).some((b) => b.includes('Teams Inactive'))).toBe(false);
    expect(sentTo(PERSONAL).some((b) => b.includes('Teams Inactive'))).toBe(false);
  });
});
