import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTeamsChannelInspector } from '../../../src/chat/teams/channel-inspector';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { fixedClock } from '../../../src/clock';
import { guardExternalChannels } from '../../../src/delivery/external-guard';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { configWith } from '../../helpers/jobs-fixtures';
import {
  CHANNEL,
  type Harness,
  inChannel,
  invoke,
  JANE,
  PERSONAL,
  personal,
  startHarness,
  TENANT,
} from './harness';

const BOSS = { id: '29:boss', name: 'Boss', aadObjectId: 'aad-boss' };
const GUEST = { id: '29:guest', name: 'Visitor', aadObjectId: 'aad-guest', userRole: 'guest' };
const GUESTS = '19:with-guests@thread.tacv2';

/** A channel message in another channel of the team. */
const inOther = (channel: string, text: string, from = JANE) =>
  inChannel(text, true, {
    from,
    conversation: {
      id: `${channel};messageid=222`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT,
    },
    channelData: {
      tenant: { id: TENANT },
      team: { id: '19:team@thread.tacv2' },
      channel: { id: channel },
    },
  });

describeEachDatabase('teams: roles, external channels and the audit of chat writes', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    h.ctx.config = configWith({ admins: ['boss@acme.com'] });
    h.ctx.channels = { teams: createTeamsChannelInspector(h.ctx) };
    h.standIn.members.set(BOSS.id, {
      ...BOSS,
      email: 'boss@acme.com',
      userPrincipalName: 'boss@acme.com',
    });
    h.standIn.rosters.set(GUESTS, [
      { ...JANE, userRole: 'user', tenantId: TENANT },
      { ...GUEST, tenantId: TENANT },
    ]);
    // Jane's personal chat exists (where private answers and notices reach her).
    expect((await h.post(personal('help'))).status).toBe(200);
  });
  afterAll(() => h.close());

  const said = () => JSON.stringify(h.standIn.calls.map((c) => c.body));
  const audit = () =>
    h.ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'origin', 'place', 'details'])
      .orderBy('id')
      .execute();

  it('records a chat write in the audit: who, what, where, which tables', async () => {
    expect((await h.post(inChannel('cs subscribe digest'))).status).toBe(200);
    expect(said()).toContain('This channel is subscribed');
    const rows = await vi.waitFor(async () => {
      const now = await audit();
      expect(now.length).toBeGreaterThan(0);
      return now;
    });
    expect(rows.at(-1)).toMatchObject({
      actor: `teams:${JANE.aadObjectId}`,
      action: '/cs subscribe',
      origin: 'teams',
      place: CHANNEL,
      details: { tables: ['channel_subscriptions'], outcome: 'ok' },
    });
  });

  it('records a click that writes (follow-up Done) with the button it came from', async () => {
    const account = await insertAccount(h.ctx.db, {
      external_id: 'acme-click',
      name: 'Acme Click',
      owner_email: 'jane@acme.com',
    });
    const { id } = await h.ctx.db
      .insertInto('follow_ups')
      .values({
        account_id: account,
        title: 'call',
        owner_email: 'jane@acme.com',
        created_by: 'jane@acme.com',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = (await audit()).length;
    const res = await h.post(
      invoke('followup.done', { value: JSON.stringify({ followUpId: id }) }),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      const rows = await audit();
      expect(rows.length).toBe(before + 1);
      expect(rows.at(-1)).toMatchObject({
        actor: `teams:${JANE.aadObjectId}`,
        action: 'click followup.done',
        origin: 'teams',
        place: PERSONAL,
        details: { tables: ['follow_ups'], outcome: 'ok' },
      });
    });
  });

  it('refuses to subscribe a conversation with guests, says why, and audits it', async () => {
    await h.post(inOther(GUESTS, 'cs subscribe alerts'));
    expect(said()).toContain('a Teams conversation with guests');
    const subs = await h.ctx.db
      .selectFrom('channel_subscriptions')
      .select('id')
      .where('channel_id', '=', GUESTS)
      .execute();
    expect(subs).toEqual([]);
    expect((await audit()).at(-1)).toMatchObject({
      action: 'refused /cs subscribe',
      place: GUESTS,
    });
  });

  it('only an admin may allow it; non-admins and privacy commands are refused clearly', async () => {
    await h.post(inOther(GUESTS, 'cs allow-external'));
    expect(said()).toContain('Only an admin can allow posting');
    await h.post(inOther(GUESTS, 'cs privacy export jo@acme.com'));
    expect(said()).toContain('Only an admin can run privacy commands');
    expect((await audit()).at(-1)).toMatchObject({
      actor: 'jane@acme.com',
      action: 'refused /cs privacy',
    });
    await h.post(inOther(GUESTS, 'cs allow-external', BOSS));
    expect(said()).toContain('External channel allowed');
    await h.post(inOther(GUESTS, 'cs subscribe alerts'));
    const subs = await h.ctx.db
      .selectFrom('channel_subscriptions')
      .select('id')
      .where('channel_id', '=', GUESTS)
      .execute();
    expect(subs).toHaveLength(1);
  });

  it('at send time, a channel a guest joined gets nothing; the subscriber is told in their chat', async () => {
    // The channel subscribed in the first test gains a guest; an hour later the check is asked again.
    h.standIn.rosters.set(CHANNEL, [
      { ...JANE, tenantId: TENANT },
      { ...GUEST, tenantId: TENANT },
    ]);
    h.ctx.clock = fixedClock('2026-11-23T11:30:00Z');
    await enqueue(
      h.ctx.db,
      [
        {
          platform: 'teams',
          channelId: CHANNEL,
          dedupeKey: 'test:guests',
          payload: {
            op: 'post',
            kind: 'digest',
            card: { title: 'Digest', fallback: 'Digest', blocks: [] },
          },
        },
      ],
      h.ctx.clock.now(),
    );
    const before = h.standIn.calls.length;
    await createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: guardExternalChannels(h.ctx, { teams: createTeamsSender(h.ctx) }),
      sleep: async () => {},
    }).runUntilIdle();
    const row = await h.ctx.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('dedupe_key', '=', 'test:guests')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('a Teams conversation with guests'),
    });
    const sent = h.standIn.calls.slice(before);
    expect(sent.filter((c) => c.conversationId.startsWith(CHANNEL))).toEqual([]);
    expect(JSON.stringify(sent.map((c) => c.body))).toContain(
      `did not post in the channel you subscribed (${CHANNEL})`,
    );
  });
});
