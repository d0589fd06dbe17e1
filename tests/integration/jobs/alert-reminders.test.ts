import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyAlertAction } from '../../../src/app/alert-actions';
import { addAlertNote } from '../../../src/app/alert-notes';
import { runReminderJob } from '../../../src/app/alert-reminders';
import { runRiskJob } from '../../../src/app/alerts';
import type { AppContext } from '../../../src/app/context';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';
import { CHANNEL, type Harness, inChannel, JANE, personal, startHarness } from '../teams/harness';

// Reminders: an acknowledged alert with no follow-up or note after alerts.remindAfterHours
// (24) reminds its assignee (else whoever acknowledged it) once, by DM in Slack and in Teams,
// with a line in the card's thread. The clock is moved by hand.

const BOB = { id: 'U0BOB', name: 'Bob Assignee', email: 'bob@tend.test' };

describeEachDatabase('alert reminders', (get) => {
  let slack: RunningSlackEmulator;
  let teams: Harness;
  let clock: MovableClock;
  let ctx: AppContext;
  const alerts: Record<string, number> = {};

  const worker = () =>
    createOutboxWorker(ctx, {
      instance: 't',
      senders: {
        slack: createSlackSender({ token: 'xoxb-test', apiUrl: slack.apiUrl }),
        teams: createTeamsSender(ctx),
      },
      pace: { slack: { rate: 1000, burst: 1000 }, teams: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });

  beforeAll(async () => {
    slack = await startSlackEmulator();
    slack.addUser(BOB);
    teams = await startHarness(get());
    await teams.post(inChannel('help'));
    // Jane has a personal chat with Tend: a reminder can reach her there.
    await teams.post(personal('help'));
    clock = movableClock('2026-11-23T10:00:00Z');
    ctx = { ...teams.ctx, clock };
    for (const [name, where] of [
      ['slack-assigned', { slack_channel: 'CONE' }],
      ['slack-noted', { slack_channel: 'CTWO' }],
      ['teams-acked', { teams_channel: CHANNEL }],
    ] as const) {
      const id = await insertAccount(ctx.db, { external_id: name, name });
      await ctx.db.updateTable('accounts').set(where).where('id', '=', id).execute();
      await insertUsage(ctx.db, id, '2026-11-23', 60, (i) => ({
        active: 20,
        seats: 40,
        logins: i < 40 ? 30 : 0,
      }));
      await runRiskJob(ctx);
      alerts[name] = (
        await ctx.db
          .selectFrom('alerts')
          .select('id')
          .where('account_id', '=', id)
          .executeTakeFirstOrThrow()
      ).id;
    }
    await worker().runUntilIdle();
    const ann = { id: 'U0ANN', name: '@Ann', platform: 'slack' };
    await applyAlertAction(ctx, alerts['slack-assigned']!, { kind: 'ack' }, ann, 'k1');
    await applyAlertAction(
      ctx,
      alerts['slack-assigned']!,
      { kind: 'assign', assignee: { id: BOB.id, name: `@${BOB.name}` } },
      ann,
      'k2',
    );
    await applyAlertAction(ctx, alerts['slack-noted']!, { kind: 'ack' }, ann, 'k3');
    const jane = { id: JANE.id, name: `@${JANE.name}`, platform: 'teams' };
    await applyAlertAction(ctx, alerts['teams-acked']!, { kind: 'ack' }, jane, 'k4');
    await worker().runUntilIdle();
  });
  afterAll(async () => {
    await slack.close();
    await teams.close();
  });

  it('nothing before remindAfterHours; a note in time keeps its alert from reminding', async () => {
    clock.advance(20 * 3_600_000);
    expect(await runReminderJob(ctx)).toEqual({ reminded: 0, messages: 0 });
    await addAlertNote(
      ctx,
      alerts['slack-noted']!,
      'spoke to them',
      {
        id: 'U0ANN',
        name: '@Ann',
        platform: 'slack',
      },
      'k5',
    );
  });

  it('after 24 h the assignee (Slack) and the acknowledger (Teams) get one reminder each', async () => {
    clock.advance(5 * 3_600_000);
    expect(await runReminderJob(ctx)).toEqual({ reminded: 2, messages: 2 });
    expect(await runReminderJob(ctx)).toEqual({ reminded: 0, messages: 0 });
    await worker().runUntilIdle();
    // Bob's DM (the emulator answers a DM's own channel id, as Slack does).
    const bobDm = slack.state.resolveChannel(BOB.id)?.id;
    const dm = slack.posts.filter(
      (p) => p.channel === bobDm && !p.threadTs && p.text.startsWith('Reminder'),
    );
    expect(dm).toHaveLength(1);
    expect(JSON.stringify(dm[0]?.blocks)).toContain('alert.note');
    // The card's thread says so, naming the assignee without a mention.
    const thread = slack.posts.filter((p) => p.channel === 'CONE' && p.threadTs);
    expect(thread.at(-1)?.text).toContain('Reminder sent to Bob Assignee');
    expect(slack.posts.filter((p) => p.channel === 'CTWO' && p.text.includes('Reminder'))).toEqual(
      [],
    );
    const toJane = teams.standIn.calls.filter(
      (c) => c.kind === 'send' && JSON.stringify(c.body).includes('Reminder: acknowledged'),
    );
    expect(toJane).toHaveLength(1);
    expect(toJane[0]?.conversationId).not.toBe(CHANNEL);
  });
});
