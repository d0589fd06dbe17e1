import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMetricsDigestJob } from '../../../src/app/metrics-digest';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { movableClock } from '../../helpers/jobs-context';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, startHarness as startSlack } from '../slack/harness';
import { CHANNEL, inChannel, startHarness as startTeams } from '../teams/harness';

const text = (v: unknown) => JSON.stringify(v);
const FAST = { rate: 1000, burst: 1000 };

// `/cs subscribe metrics` on both platforms: the team metrics card posts weekly on its day at
// the channel's local time (DST-correct), once per week however often the job runs, through
// the outbox to the channel.
describeEachDatabase('weekly metrics digest', (get) => {
  beforeAll(async () => {
    await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'ann@acme.com',
      segment: 'enterprise',
      arr: 120_000,
    });
    await insertAccount(get().db, { external_id: 'beta', name: 'Beta', segment: 'smb' });
  });

  describe('on Slack', () => {
    let h: Awaited<ReturnType<typeof startSlack>>;
    beforeAll(async () => {
      h = await startSlack(get().db);
    });
    afterAll(() => h.close());

    it('subscribes weekly on Mondays by default and posts each Monday once, across DST', async () => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/cs',
          text: 'subscribe metrics segment=enterprise at 09:00 tz Europe/Berlin',
          user_id: ANN.id,
          trigger_id: 'trig-metrics-1',
          response_url: h.emulator.responseUrl(),
          channel_id: 'C0GENERAL',
        }),
      );
      const answer = text(await res.json());
      expect(answer).toContain('metrics weekly on Mondays at 09:00 Europe/Berlin');
      expect(answer).toContain('segment=enterprise');
      // The harness's now is Monday 23 Nov 10:00 UTC, past 09:00 Berlin: next Monday is first.
      expect(answer).toContain('First metrics card');
      expect(answer).toContain('30 Nov');

      const clock = movableClock('2026-11-23T10:00:00Z');
      h.ctx.clock = clock;
      const run = async (at: string) => {
        clock.set(at);
        return (await runMetricsDigestJob(h.ctx)).messages;
      };
      // Nothing before the first slot, nor on the other days of the week.
      expect(await run('2026-11-23T10:05:00Z')).toBe(0);
      expect(await run('2026-11-27T08:00:00Z')).toBe(0);
      // Monday 30 Nov 09:00 in Berlin (CET, UTC+1) is 08:00 UTC: one post, however often run.
      expect(await run('2026-11-30T07:59:00Z')).toBe(0);
      expect(await run('2026-11-30T08:00:00Z')).toBe(1);
      expect(await run('2026-11-30T08:01:00Z')).toBe(0);
      expect(await run('2026-11-30T12:00:00Z')).toBe(0);
      expect(await run('2026-12-01T08:00:00Z')).toBe(0);
      expect(await run('2026-12-07T08:00:00Z')).toBe(1);
      // Clocks go forward on Sunday 28 March 2027: Monday 29 March 09:00 CEST is 07:00 UTC.
      expect(await run('2027-03-22T08:00:00Z')).toBe(1);
      expect(await run('2027-03-29T06:59:00Z')).toBe(0);
      expect(await run('2027-03-29T07:00:00Z')).toBe(1);
      expect(await run('2027-03-29T08:00:00Z')).toBe(0);

      const worker = createOutboxWorker(h.ctx, {
        instance: 't',
        senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
        pace: { slack: FAST },
        sleep: async () => {},
      });
      await worker.runUntilIdle();
      const posts = h.emulator
        .callsTo('chat.postMessage')
        .filter((c) => text(c.body).includes('Team stats'));
      expect(posts).toHaveLength(4);
      expect(posts[0]?.body.channel).toBe('C0GENERAL');
      expect(text(posts[0]?.body)).toContain('last 7 days');
      expect(text(posts[0]?.body)).toContain('segment=enterprise');
    });
  });

  describe('on Teams', () => {
    let h: Awaited<ReturnType<typeof startTeams>>;
    beforeAll(async () => {
      h = await startTeams(get());
    });
    afterAll(() => h.close());

    it('weekly on the day it names, in its zone, posted to the channel once a week', async () => {
      await h.post(inChannel('cs subscribe metrics weekly friday at 17:00 tz America/New_York'));
      const said = text(h.standIn.calls.map((c) => c.body));
      expect(said).toContain('metrics weekly on Fridays at 17:00 America/New_York');
      const clock = movableClock('2026-11-23T10:00:00Z');
      h.ctx.clock = clock;
      const run = async (at: string) => {
        clock.set(at);
        return (await runMetricsDigestJob(h.ctx)).messages;
      };
      // Friday 27 Nov 17:00 EST (UTC-5) is 22:00 UTC.
      expect(await run('2026-11-27T21:59:00Z')).toBe(0);
      expect(await run('2026-11-27T22:00:00Z')).toBe(1);
      expect(await run('2026-11-27T22:30:00Z')).toBe(0);
      // New York moves on 14 March 2027: Friday 19 March 17:00 EDT is 21:00 UTC.
      expect(await run('2027-03-12T22:00:00Z')).toBe(1);
      expect(await run('2027-03-19T21:00:00Z')).toBe(1);
      expect(await run('2027-03-19T22:00:00Z')).toBe(0);

      const before = h.standIn.calls.length;
      const worker = createOutboxWorker(h.ctx, {
        instance: 't',
        senders: { teams: createTeamsSender(h.ctx) },
        pace: { teams: FAST },
        sleep: async () => {},
      });
      await worker.runUntilIdle();
      const sent = h.standIn.calls.slice(before).filter((c) => text(c.body).includes('Team stats'));
      expect(sent).toHaveLength(3);
      expect(sent[0]?.conversationId).toContain(CHANNEL);
    });
  });
});
