import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { canSeeTeamStats } from '../../../src/app/roles';
import { ACTIONS } from '../../../src/cards/actions';
import { createSlackChannelInspector } from '../../../src/chat/slack/channel-inspector';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { findCommand } from '../../../src/cli/commands';
import type { CliIo } from '../../../src/cli/io';
import { fixedClock } from '../../../src/clock';
import { guardExternalChannels } from '../../../src/delivery/external-guard';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import { breakAuditInserts } from '../../helpers/audit';
import { describeEachDatabase } from '../../helpers/database';
import { configWith } from '../../helpers/jobs-fixtures';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import {
  ANN,
  BOT_TOKEN,
  buttonClick,
  type Harness,
  NOW,
  nextTrigger,
  seedAccounts,
  startHarness,
} from './harness';

const BOSS = { id: 'U0BOSS', email: 'boss@tend.test', name: 'Boss' };
const MIA = { id: 'U0MIA', email: 'mia@tend.test', name: 'Mia Manager' };
const SHARED = 'C0SHARED';

describeEachDatabase('slack: roles, external channels and the audit of chat writes', (get) => {
  let h: Harness;
  beforeAll(async () => {
    await seedAccounts(get().db);
    h = await startHarness(get().db);
    h.emulator.addUser(BOSS);
    h.emulator.addUser(MIA);
    h.ctx.config = configWith({ admins: [BOSS.email], managers: [MIA.email] });
    h.ctx.channels = {
      slack: createSlackChannelInspector({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }),
    };
    h.emulator.state.resolveChannel(SHARED)!.extShared = true;
  });
  afterAll(() => h.close());

  async function run(text: string, user = ANN.id, channel = 'C0GENERAL'): Promise<string> {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: '/cs',
        text,
        user_id: user,
        trigger_id: nextTrigger(user),
        response_url: h.emulator.responseUrl(),
        channel_id: channel,
      }),
    );
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  }

  const audit = () =>
    h.ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'origin', 'place', 'details'])
      .orderBy('id')
      .execute();

  it("only managers and admins see the team's numbers; everyone sees their own", async () => {
    const stats = async (text: string, user: string) => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/stats',
          text,
          user_id: user,
          trigger_id: nextTrigger(user),
          response_url: h.emulator.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      return JSON.stringify(await res.json());
    };
    const refused = await stats('team 7d', ANN.id);
    expect(refused).toContain('Not allowed');
    expect(refused).toContain('Only managers and admins');
    expect((await audit()).at(-1)).toMatchObject({ action: 'refused stats' });
    expect(await stats('me 7d', ANN.id)).toContain('Your stats');
    expect(await stats('team 7d', MIA.id)).toContain('Team stats');
    expect(await stats('team 7d', BOSS.id)).toContain('Team stats');
  });

  it('the emulator answers conversations.info like Slack: is_ext_shared, ids only', async () => {
    const info = async (channel: string) =>
      (await (
        await fetch(`${h.emulator.apiUrl}conversations.info`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${BOT_TOKEN}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ channel }).toString(),
        })
      ).json()) as { ok: boolean; error?: string; channel?: Record<string, unknown> };
    expect(await info(SHARED)).toMatchObject({
      ok: true,
      channel: { id: SHARED, is_channel: true, is_ext_shared: true, is_shared: true },
    });
    expect(await info('C0GENERAL')).toMatchObject({ ok: true, channel: { is_ext_shared: false } });
    expect(await info('#general')).toEqual({ ok: false, error: 'channel_not_found' });
    expect(await info(ANN.id)).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('records a chat write in the audit: who, what, where, which tables', async () => {
    const start = (await audit()).length;
    expect(await run('subscribe digest')).toContain('Subscribed');
    // The entry is written once the work is done, which may be just after Slack got its answer.
    const rows = await vi.waitFor(async () => {
      const now = await audit();
      expect(now.length).toBeGreaterThan(start);
      return now;
    });
    expect(rows.at(-1)).toMatchObject({
      actor: `slack:${ANN.id}`,
      action: '/cs subscribe',
      origin: 'slack',
      place: 'C0GENERAL',
      details: { tables: ['channel_subscriptions'], outcome: 'ok' },
    });
    // A read leaves nothing.
    const before = rows.length;
    await run('subscriptions');
    expect(await audit()).toHaveLength(before);
  });

  it('records a click that writes (follow-up Done) with the button it came from', async () => {
    const account = await h.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', '=', 'acme-1')
      .executeTakeFirstOrThrow();
    const { id } = await h.ctx.db
      .insertInto('follow_ups')
      .values({
        account_id: account.id,
        title: 'call',
        owner_email: ANN.email,
        created_by: ANN.email,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await postInteraction(
      h.eventsUrl,
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.followUpDone,
        value: JSON.stringify({ followUpId: id, list: 'mine' }),
        responseUrl: h.emulator.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(async () =>
      expect((await audit()).at(-1)).toMatchObject({
        actor: `slack:${ANN.id}`,
        action: `click ${ACTIONS.followUpDone}`,
        origin: 'slack',
        place: 'C0GENERAL',
        details: { tables: ['follow_ups'], outcome: 'ok' },
      }),
    );
  });

  it('a click whose audit entry cannot be written changes nothing (entry and write commit together)', async () => {
    const account = await h.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', '=', 'acme-1')
      .executeTakeFirstOrThrow();
    const { id } = await h.ctx.db
      .insertInto('follow_ups')
      .values({
        account_id: account.id,
        title: 'mail',
        owner_email: ANN.email,
        created_by: ANN.email,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const broken = await breakAuditInserts(h.ctx.db);
    try {
      const res = await postInteraction(
        h.eventsUrl,
        buttonClick({
          userId: ANN.id,
          actionId: ACTIONS.followUpDone,
          value: JSON.stringify({ followUpId: id, list: 'mine' }),
          responseUrl: h.emulator.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      // The click's work ran and its entry was refused.
      await vi.waitFor(async () => expect(await broken.refusals()).toBeGreaterThanOrEqual(1));
    } finally {
      await broken.undo();
    }
    const row = await h.ctx.db
      .selectFrom('follow_ups')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('open');
  });

  it('refuses to subscribe a Slack Connect channel, says why, logs and audits it', async () => {
    const answer = await run('subscribe alerts', ANN.id, SHARED);
    expect(answer).toContain('Slack Connect channel shared with another organisation');
    expect(answer).toContain('/cs allow-external');
    const subs = await h.ctx.db
      .selectFrom('channel_subscriptions')
      .select('id')
      .where('channel_id', '=', SHARED)
      .execute();
    expect(subs).toEqual([]);
    expect((await audit()).at(-1)).toMatchObject({
      action: 'refused /cs subscribe',
      place: SHARED,
    });
  });

  it('only an admin may allow an external channel; then it can be subscribed', async () => {
    expect(await run('allow-external', ANN.id, SHARED)).toContain(
      'Only an admin can allow posting',
    );
    expect((await audit()).at(-1)).toMatchObject({
      actor: ANN.email,
      action: 'refused /cs allow-external',
    });
    expect(await run('allow-external', BOSS.id, SHARED)).toContain('External channel allowed');
    expect(await run('subscribe alerts', ANN.id, SHARED)).toContain('Subscribed');
    expect(await run('deny-external', BOSS.id, SHARED)).toContain('not allowed');
  });

  it('only an admin may change a subscription they did not create; the refusal is audited', async () => {
    const sub = await h.ctx.db
      .selectFrom('channel_subscriptions')
      .select('id')
      .where('channel_id', '=', 'C0GENERAL')
      .executeTakeFirstOrThrow();
    expect(await run(`unsubscribe ${sub.id}`, MIA.id)).toContain(
      'Only the person who set that up or an admin',
    );
    expect((await audit()).at(-1)).toMatchObject({
      actor: MIA.email,
      action: 'refused /cs unsubscribe',
    });
    expect(await run(`unsubscribe ${sub.id}`, BOSS.id)).toContain('is gone');
  });

  it('privacy commands in chat: admins only', async () => {
    expect(await run('privacy export jo@acme.com', MIA.id)).toContain(
      'Only an admin can run privacy commands',
    );
    const refused = (await audit()).at(-1);
    expect(refused).toMatchObject({ action: 'refused /cs privacy' });
    expect(JSON.stringify(refused)).not.toContain('jo@acme.com');
    expect(await run(`privacy export ${ANN.email}`, BOSS.id)).toContain(
      'Records naming ann@tend.test',
    );
    expect(await run('privacy erase jo@acme.com', BOSS.id)).toContain('confirm');
  });

  it('managers and admins see team stats, members do not', () => {
    expect(canSeeTeamStats(h.ctx, { email: MIA.email })).toBe(true);
    expect(canSeeTeamStats(h.ctx, { email: 'BOSS@tend.test' })).toBe(true);
    expect(canSeeTeamStats(h.ctx, { email: ANN.email })).toBe(false);
    expect(canSeeTeamStats(h.ctx, { email: null })).toBe(false);
  });

  it('at send time, a channel that became shared gets nothing: the reason in jobs status, the subscriber told', async () => {
    const LATE = 'C0LATER';
    // Subscribed while internal (the subscribe-time check passed), shared later.
    expect(await run('subscribe renewals', ANN.id, LATE)).toContain('Subscribed');
    h.emulator.state.resolveChannel(LATE)!.extShared = true;
    // The check made at subscribe time is cached for its TTL: an hour later it is asked again.
    h.ctx.clock = fixedClock(new Date(Date.parse(NOW) + 60 * 60_000).toISOString());
    await enqueue(
      h.ctx.db,
      [
        {
          platform: 'slack',
          channelId: LATE,
          dedupeKey: 'test:late',
          payload: {
            op: 'post',
            kind: 'digest',
            card: { title: 'Digest', fallback: 'Digest', blocks: [] },
          },
        },
      ],
      h.ctx.clock.now(),
    );
    const posted = () => h.emulator.posts.filter((p) => p.channel === LATE).length;
    await createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: guardExternalChannels(h.ctx, {
        slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }),
      }),
      sleep: async () => {},
    }).runUntilIdle();
    expect(posted()).toBe(0);
    const row = await h.ctx.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('dedupe_key', '=', 'test:late')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('Slack Connect'),
    });
    // The subscriber got a direct message saying why.
    const told = h.emulator.posts.filter(
      (p) => p.channel === ANN.id || p.channel === `D${ANN.id.slice(1)}`,
    );
    expect(JSON.stringify(told)).toContain('did not post in the channel you subscribed (C0LATER)');
    const lines: string[] = [];
    const io: CliIo = {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      interactive: false,
      cwd: '/',
    };
    await findCommand('jobs')!.run(['status'], h.ctx, io);
    expect(lines.join('\n')).toMatch(
      /slack:C0LATER\s+test:late .*reason: permanent: refused: this is a Slack Connect channel/,
    );
  });
});
