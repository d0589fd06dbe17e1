import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import type { AppContext } from '../../../src/app/context';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { movableClock } from '../../helpers/jobs-context';
import { configWith } from '../../helpers/jobs-fixtures';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';
import { CHANNEL, cardOf, type Harness, inChannel, startHarness } from '../teams/harness';

// The noise budget (alerts.maxPostsPerHour) and sensitivity presets per tier, in Slack and
// Teams, with the clock moved by hand: past the budget a channel gets one "N more alerts" card.

const TODAY = '2026-11-23';

/** An account silent for `silentDays` (inactivity fires at 14 by default). */
async function silent(
  ctx: AppContext,
  n: number,
  where: { slack?: string; teams?: string },
  silentDays = 20,
  tier: string | null = null,
) {
  const id = await insertAccount(ctx.db, {
    external_id: `quiet-${n}`,
    name: `Quiet ${String(n).padStart(2, '0')}`,
    arr: 1000 * (100 - n),
  });
  await ctx.db
    .updateTable('accounts')
    .set({ slack_channel: where.slack ?? null, teams_channel: where.teams ?? null, tier })
    .where('id', '=', id)
    .execute();
  await insertUsage(ctx.db, id, TODAY, 60, (i) => ({
    active: 20,
    seats: 40,
    logins: i < 60 - silentDays ? 30 : 0,
  }));
  return id;
}

describeEachDatabase('noise budget and sensitivity presets', (get) => {
  let slack: RunningSlackEmulator;
  let teams: Harness;
  beforeAll(async () => {
    slack = await startSlackEmulator();
    teams = await startHarness(get());
    await teams.post(inChannel('help'));
  });
  afterAll(async () => {
    await slack.close();
    await teams.close();
  });

  it('past maxPostsPerHour a channel gets one "N more alerts" card; an hour later cards come again', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    const ctx: AppContext = {
      ...teams.ctx,
      clock,
      config: configWith({ alerts: { maxPostsPerHour: 3 } }),
    };
    for (let n = 1; n <= 5; n++) await silent(ctx, n, { slack: 'CBUSY', teams: CHANNEL });
    const worker = createOutboxWorker(ctx, {
      instance: 't',
      senders: {
        slack: createSlackSender({ token: 'xoxb-test', apiUrl: slack.apiUrl }),
        teams: createTeamsSender(ctx),
      },
      pace: { slack: { rate: 1000, burst: 1000 }, teams: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
    expect(await runRiskJob(ctx)).toMatchObject({ fired: 5 });
    await worker.runUntilIdle();

    const inSlack = slack.posts.filter((p) => p.channel === 'CBUSY');
    expect(inSlack).toHaveLength(4);
    // The three largest accounts get cards; the other two share one card, each listed.
    expect(inSlack.slice(0, 3).map((p) => p.text.slice(0, 8))).toEqual([
      'Quiet 01',
      'Quiet 02',
      'Quiet 03',
    ]);
    const summary = JSON.stringify(inSlack[3]);
    expect(summary).toContain('2 more alerts');
    expect(summary).toContain('Quiet 04');
    expect(summary).toContain('Quiet 05');

    const inTeams = teams.standIn.calls.filter(
      (c) => c.kind === 'send' && c.conversationId === CHANNEL,
    );
    expect(inTeams).toHaveLength(4);
    const teamsSummary = JSON.stringify(cardOf(inTeams[3]!.body));
    expect(teamsSummary).toContain('2 more alerts');
    expect(teamsSummary).toContain('Quiet 05');
    expect(teamsSummary).toContain('account.pick');

    // An hour on, the budget is back: a new alert gets a card of its own.
    clock.advance(61 * 60_000);
    await silent(ctx, 6, { slack: 'CBUSY', teams: CHANNEL });
    expect(await runRiskJob(ctx, { recompute: false })).toMatchObject({ fired: 1 });
    await worker.runUntilIdle();
    expect(slack.posts.filter((p) => p.channel === 'CBUSY').at(-1)?.text).toMatch(/^Quiet 06/);
    expect(
      teams.standIn.calls.filter((c) => c.kind === 'send' && c.conversationId === CHANNEL),
    ).toHaveLength(5);
  });

  it('a strict tier fires sooner and a loose one later than the rules as configured', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    const ctx: AppContext = {
      ...teams.ctx,
      clock,
      config: configWith({ alerts: { sensitivity: { Gold: 'strict', bronze: 'loose' } } }),
    };
    // Ten days silent: under the normal 14 days, over strict's 7.
    const gold = await silent(ctx, 11, { slack: 'CTIER' }, 10, 'gold');
    const plain = await silent(ctx, 12, { slack: 'CTIER' }, 10, 'silver');
    // Seventeen days: over the normal 14, under loose's 21.
    const bronze = await silent(ctx, 13, { slack: 'CTIER' }, 17, 'bronze');
    await runRiskJob(ctx);
    const fired = await ctx.db
      .selectFrom('alerts')
      .select('account_id')
      .where('account_id', 'in', [gold, plain, bronze])
      .execute();
    expect(fired.map((a) => a.account_id)).toEqual([gold]);
  });
});
