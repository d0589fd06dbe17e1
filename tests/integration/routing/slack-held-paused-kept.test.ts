import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { runRenewalJob } from '../../../src/app/renewal-reminders';
import { enforceRetention } from '../../../src/app/retention';
import { openSurveyLoops } from '../../../src/app/survey-loops';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, type Harness, NOW, nextTrigger, startHarness } from '../slack/harness';

// Three gaps around personal routing, in Slack through the real Bolt app and the emulator:
// renewal reminders, NPS loop cards and their playbook checklists wait out a person's quiet
// hours like alert DMs; `/cs pause` also pauses what the channel follows; retention keeps the
// chat profile that DM routing reads.

const JANE = { id: 'U0JANE', name: 'Jane Owner', email: 'jane@acme.com', tz: 'America/New_York' };
const DM = ['U0JANE', 'D0JANE'];

describeEachDatabase('slack: held renewals and loops, paused follows, kept profiles', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let worker: OutboxWorker;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.emulator.addUser(JANE);
    clock = movableClock(NOW);
    h.ctx.clock = clock;
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
  });
  afterAll(() => h.close());

  const text = (v: unknown) => JSON.stringify(v);
  const postsIn = (channels: string[]) =>
    h.emulator.posts.filter((p) => channels.includes(p.channel) && !p.threadTs);
  async function cs(user: { id: string }, words: string, channel: string) {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: '/cs',
        text: words,
        user_id: user.id,
        trigger_id: nextTrigger(user.id),
        response_url: h.emulator.responseUrl(),
        channel_id: channel,
      }),
    );
    return text(await res.json());
  }

  it('a renewal reminder, a detractor loop and its playbook wait for the end of quiet hours', async () => {
    expect(await cs(JANE, 'alerts dm', 'D0JANE')).toContain('Saved. Alerts: by DM');
    // 10:00 UTC is 05:00 in New York.
    expect(await cs(JANE, 'quiet 20:00-08:00', 'D0JANE')).toContain('America/New_York');
    const id = await insertAccount(get().db, {
      external_id: 'renewco',
      name: 'Renewco',
      owner_email: JANE.email,
      arr: 70000,
      renewal_date: '2027-01-07',
    });
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'nps-renewco',
        account_id: id,
        kind: 'nps',
        score: 2,
        respondent: 'cfo@renewco.com',
        comment: 'Too slow',
        answered_on: '2026-11-22',
      })
      .execute();
    expect((await runRenewalJob(h.ctx)).messages).toBeGreaterThan(0);
    expect((await openSurveyLoops(h.ctx, [id])).opened).toBe(1);
    await worker.runUntilIdle();
    expect(postsIn(DM)).toHaveLength(0);
    const waiting = await get()
      .db.selectFrom('outbox')
      .select(['kind', 'ready_at'])
      .where('channel_id', '=', JANE.id)
      .where('status', '=', 'pending')
      .orderBy('id')
      .execute();
    expect(waiting.map((w) => w.kind).sort()).toEqual(['loop', 'playbook', 'renewal']);
    // 08:00 in New York is 13:00 UTC.
    for (const w of waiting) expect(w.ready_at.toISOString()).toBe('2026-11-23T13:00:00.000Z');

    clock.set('2026-11-23T12:59:00Z');
    await worker.runUntilIdle();
    expect(postsIn(DM)).toHaveLength(0);
    clock.set('2026-11-23T13:00:00Z');
    await worker.runUntilIdle();
    const texts = postsIn(DM).map((p) => p.text);
    expect(texts).toHaveLength(3);
    expect(texts.join('\n')).toContain('Renewco');
    await cs(JANE, 'quiet off', 'D0JANE');
  });

  it('/cs pause: a channel that follows an account gets nothing while paused', async () => {
    const inactive = async (name: string) => {
      const id = await insertAccount(get().db, {
        external_id: name.toLowerCase().replace(/\W+/g, '-'),
        name,
        owner_email: 'someone@else.com',
        arr: 30000,
      });
      await insertUsage(get().db, id, '2026-11-23', 60, (i) => ({
        active: 20,
        seats: 40,
        logins: i < 40 ? 30 : 0,
        features: 6,
      }));
    };
    await inactive('Pausable One');
    await inactive('Pausable Two');
    expect(await cs(ANN, 'follow pausable one', 'C0WATCH')).toContain('This channel follows');
    expect(await cs(ANN, 'follow pausable two', 'C0WATCH')).toContain('This channel follows');
    expect(await cs(ANN, 'subscribe digest', 'C0WATCH')).toContain('digest');
    expect(await cs(ANN, 'pause 7d', 'C0WATCH')).toContain('aused');
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    expect(postsIn(['C0WATCH'])).toHaveLength(0);
    // Resumed: the next news comes again (Two's alert is gone, so it fires anew).
    expect(await cs(ANN, 'resume', 'C0WATCH')).toContain('esume');
    await get()
      .db.deleteFrom('alerts')
      .where('account_id', 'in', (eb) =>
        eb.selectFrom('accounts').select('id').where('name', '=', 'Pausable Two'),
      )
      .execute();
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    expect(postsIn(['C0WATCH']).map((p) => p.text)).toEqual([
      expect.stringContaining('Pausable Two'),
    ]);
  });

  it('retention keeps the chat profile of someone with alert settings; others go', async () => {
    await get()
      .db.updateTable('chat_users')
      .set({ fetched_at: new Date('2026-01-01') })
      .execute();
    const before = await get().db.selectFrom('chat_users').select('user_id').execute();
    expect(before.map((u) => u.user_id)).toEqual(expect.arrayContaining([JANE.id, ANN.id]));
    await enforceRetention(h.ctx);
    const after = await get().db.selectFrom('chat_users').select(['user_id', 'tz']).execute();
    expect(after).toEqual([{ user_id: JANE.id, tz: 'America/New_York' }]);
  });
});
