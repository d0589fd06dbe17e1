import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { describeEachDatabase } from '../../helpers/database';
import {
  commandBody,
  postCommand,
  postEvent,
  postInteraction,
  postSigned,
} from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, nextTrigger, seedAccounts, startHarness } from './harness';

// What the Slack edge refuses or cleans before any work, each through the real HTTP server and
// Bolt receiver. No time bounds (house rule): each test checks what was done, not how fast.

describeEachDatabase('slack edge: bad input, other workspaces, the future', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    ({ acme } = await seedAccounts(get().db));
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());

  const command = (text: string, fields: Record<string, string> = {}) => {
    const body = new URLSearchParams(
      commandBody({
        command: '/followup',
        text,
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url: h.emulator.responseUrl(),
      }),
    );
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return body.toString();
  };
  const count = async (table: 'follow_ups' | 'channel_subscriptions') =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(get().db))
        .rows[0]!.n,
    );

  it('a NUL byte and other control characters in a command are cleaned, not sent to Postgres', async () => {
    const res = await postCommand(h.eventsUrl, command('acme: call\u0000 the\u0007 CFO\u001b'));
    expect(res.status).toBe(200);
    const answer = JSON.stringify(await res.json());
    expect(answer).not.toContain('cannot reach its database');
    expect(answer).toContain('call the CFO');
    const row = await get()
      .db.selectFrom('follow_ups')
      .select(['title', 'account_id'])
      .where('title', 'like', 'call%CFO')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'call the CFO', account_id: acme });
  });

  it('a 400,000-character command is refused before any parsing, and /healthz stays live', async () => {
    const before = await count('follow_ups');
    const [res, health] = await Promise.all([
      postCommand(h.eventsUrl, command(`acme ${'x'.repeat(400_000)}`)),
      // Sent alongside: the process must not be blocked while the big one is handled.
      (async () => {
        await new Promise((r) => setTimeout(r, 20));
        return (await fetch(h.healthzUrl)).status;
      })(),
    ]);
    expect(res.status).toBe(200);
    const answer = JSON.stringify(await res.json());
    // Refused by length alone: the notice and nothing else — no follow-up form, no account
    // found or suggested, and none of the text echoed back (it was never parsed).
    expect(answer).toContain('too long for a command');
    expect(answer).not.toContain('xxxxxxxxxx');
    expect(answer).not.toMatch(/Acme|did you mean/i);
    expect(answer.length).toBeLessThan(2_000);
    expect(health).toBe(200);
    expect(await count('follow_ups')).toBe(before);
  });

  it('a /health query just under the length limit that matches nothing gets the no-match card', async () => {
    // Under the length limit the fuzzy "did you mean" still runs: 3,900 characters of a name
    // that matches nothing.
    const res = await postCommand(
      h.eventsUrl,
      new URLSearchParams({
        ...Object.fromEntries(new URLSearchParams(command(''))),
        command: '/health',
        text: 'qz'.repeat(1950),
      }).toString(),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).not.toContain('too long for a command');
  });

  it('a body of 1 MB is refused (413) and /healthz answers', async () => {
    const res = await postSigned(
      h.eventsUrl,
      `text=${'a'.repeat(1024 * 1024 + 1)}`,
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(413);
    expect((await fetch(h.healthzUrl)).status).toBe(200);
  });

  it('refuses a request stamped more than a minute in the future, even when signed', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 10 * 60;
    const before = await count('follow_ups');
    const res = await postCommand(h.eventsUrl, command('acme: from the future'), {
      timestamp: ahead,
    });
    expect(res.status).toBe(401);
    expect(await count('follow_ups')).toBe(before);
    // A few seconds of clock skew is fine.
    const skewed = Math.floor(Date.now() / 1000) + 20;
    const ok = await postCommand(h.eventsUrl, command('acme: slightly ahead'), {
      timestamp: skewed,
    });
    expect(ok.status).toBe(200);
  });

  it('refuses commands, clicks and events from another workspace with 403, doing nothing', async () => {
    const follow = await count('follow_ups');
    const subs = await count('channel_subscriptions');
    const cmd = await postCommand(h.eventsUrl, command('acme: leak', { team_id: 'T0OTHER' }));
    expect(cmd.status).toBe(403);
    const cs = await postCommand(
      h.eventsUrl,
      command('subscribe alerts', { command: '/cs', team_id: 'T0OTHER' }),
    );
    expect(cs.status).toBe(403);
    const grid = await postCommand(
      h.eventsUrl,
      command('acme: leak', { enterprise_id: 'E0OTHER', team_id: '' }),
    );
    expect(grid.status).toBe(403);
    const responseUrl = h.emulator.responseUrl();
    const click = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.pickAccount,
      value: JSON.stringify({ accountId: acme }),
      responseUrl,
    });
    const foreignClick = await postInteraction(h.eventsUrl, {
      ...click,
      team: { id: 'T0OTHER', domain: 'other' },
      user: { ...(click.user as object), team_id: 'T0OTHER' },
    });
    expect(foreignClick.status).toBe(403);
    const before = h.emulator.callsTo('views.publish').length;
    const event = await postEvent(h.eventsUrl, {
      team_id: 'T0OTHER',
      api_app_id: 'A0TEND',
      type: 'event_callback',
      event_id: 'Ev0OTHER',
      event_time: 1732350000,
      event: { type: 'app_home_opened', user: ANN.id, channel: 'D0ANN', tab: 'home' },
    });
    expect(event.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.emulator.callsTo('views.publish').length).toBe(before);
    expect(
      h.emulator.calls.filter(
        (c) => c.method === 'response_url' && c.body.path === new URL(responseUrl).pathname,
      ),
    ).toHaveLength(0);
    expect(await count('follow_ups')).toBe(follow);
    expect(await count('channel_subscriptions')).toBe(subs);
    // The installed workspace (auth.test named T0LOCAL) is still served.
    expect((await postCommand(h.eventsUrl, command('acme: ours'))).status).toBe(200);
  });

  it('acknowledges every malformed interaction at once with a 2xx or 4xx', async () => {
    const payloads: unknown[] = [
      {},
      { type: 'block_actions' },
      { type: 'block_actions', team: { id: 'T0LOCAL' }, actions: 'nope' },
      { type: 'block_actions', team: { id: 'T0LOCAL' }, user: { id: ANN.id }, actions: [] },
      { type: 'block_actions', team: { id: 'T0LOCAL' }, user: { id: ANN.id }, actions: [null] },
      {
        type: 'block_actions',
        team: { id: 'T0LOCAL' },
        user: { id: ANN.id },
        actions: [{ action_id: 'no.such.button', value: 'x' }],
      },
      {
        type: 'block_actions',
        team: { id: 'T0LOCAL' },
        user: { id: 42 },
        actions: [{ action_id: ACTIONS.followUpDone, value: 7 }],
      },
      { type: 'view_submission', team: { id: 'T0LOCAL' }, view: null },
      {
        type: 'view_submission',
        team: { id: 'T0LOCAL' },
        user: { id: ANN.id },
        view: { callback_id: 'followup.log.modal', private_metadata: '{', state: null },
      },
      { type: 'shortcut', team: { id: 'T0LOCAL' }, callback_id: 'unknown' },
      { type: 'no_such_type', team: { id: 'T0LOCAL' } },
    ];
    for (const payload of payloads) {
      const started = performance.now();
      const res = await postInteraction(h.eventsUrl, payload);
      const ms = performance.now() - started;
      expect(res.status, JSON.stringify(payload)).toBeLessThan(500);
      expect(ms, JSON.stringify(payload)).toBeLessThan(1000);
    }
    expect((await fetch(h.healthzUrl)).status).toBe(200);
  });

  it('a replayed /cs subscribe keeps one subscription and says it already exists', async () => {
    const subscribe = (channel: string, text: string) =>
      command(text, { command: '/cs', channel_id: channel });
    const rows = async (channel: string) =>
      get()
        .db.selectFrom('channel_subscriptions')
        .selectAll()
        .where('channel_id', '=', channel)
        .execute();
    // The same request replayed five times at once (as a replay attack or a retry storm).
    const body = subscribe('C0REPLAY', 'subscribe alerts tier=enterprise segment=smb');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postCommand(h.eventsUrl, body).then((r) => r.json())),
    );
    expect(await rows('C0REPLAY')).toHaveLength(1);
    const texts = answers.map((a) => JSON.stringify(a));
    expect(texts.filter((t) => t.includes('This channel is subscribed'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('already has that subscription'))).toHaveLength(4);
    // The same filters in another order are the same subscription; other filters are not.
    const again = await postCommand(
      h.eventsUrl,
      subscribe('C0REPLAY', 'subscribe alerts segment=smb tier=enterprise'),
    );
    expect(JSON.stringify(await again.json())).toContain('already has that subscription');
    await postCommand(h.eventsUrl, subscribe('C0REPLAY', 'subscribe alerts tier=smb'));
    await postCommand(
      h.eventsUrl,
      subscribe('C0REPLAY', 'subscribe digest tier=enterprise segment=smb'),
    );
    expect((await rows('C0REPLAY')).map((r) => r.kind).sort()).toEqual([
      'alerts',
      'alerts',
      'digest',
    ]);
  });
});
