import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';

// The one Slack emulator is only worth trusting if it refuses what Slack refuses and fails
// the ways Slack fails: these are the answers every other Slack test relies on.

const TOKEN = 'xoxb-emulator';
let slack: RunningSlackEmulator | null = null;
afterEach(async () => {
  await slack?.close();
  slack = null;
});

async function call(method: string, args: Record<string, unknown>, token = TOKEN) {
  const res = await fetch(`${slack!.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe('the Slack emulator', () => {
  it('is strict like Slack: unknown ts, removed channel, wrong token, unknown trigger, unknown method', async () => {
    slack = await startSlackEmulator({ token: TOKEN });
    const posted = await call('chat.postMessage', { channel: 'C0ACME', text: 'hello' });
    expect(posted.body).toMatchObject({ ok: true, channel: 'C0ACME' });
    const ts = posted.body.ts as string;
    expect((await call('chat.update', { channel: 'C0ACME', ts, text: 'changed' })).body.ok).toBe(
      true,
    );
    expect(
      (await call('chat.update', { channel: 'C0ACME', ts: '1.000001', text: 'x' })).body,
    ).toEqual({ ok: false, error: 'message_not_found' });
    slack.removeChannel('C0GONE');
    expect((await call('chat.postMessage', { channel: 'C0GONE', text: 'x' })).body).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(
      (await call('chat.postMessage', { channel: 'C0ACME', text: 'x' }, 'xoxb-other')).body,
    ).toEqual({ ok: false, error: 'invalid_auth' });
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] };
    expect((await call('views.open', { trigger_id: 'made.up', view: modal })).body).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
    slack.addUser({ id: 'U0ANN', name: 'Ann', email: 'ann@tend.test' });
    const opened = await call('views.open', { trigger_id: slack.trigger('U0ANN'), view: modal });
    expect(opened.body.ok).toBe(true);
    expect((await call('no.such.method', {})).body).toEqual({ ok: false, error: 'unknown_method' });
    expect(slack.posts.map((p) => p.text)).toEqual(['hello']);
    expect(slack.updates).toEqual([expect.objectContaining({ ts, text: 'changed' })]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('rate-limits a channel (429 with Retry-After) and answers scripted statuses, hangs and an outage', async () => {
    slack = await startSlackEmulator({ token: TOKEN, rateLimit: { rate: 1, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(await call('chat.postMessage', { channel: 'C1', text: `${i}` }));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 429]);
    expect(statuses[2]).toMatchObject({ retryAfter: '1', body: { error: 'ratelimited' } });
    expect((await call('chat.postMessage', { channel: 'C2', text: 'other channel' })).status).toBe(
      200,
    );
    expect(slack.limited).toBe(1);

    slack.script('chat.update', [{ status: 503 }, { status: 429, retryAfter: 7 }]);
    expect((await call('chat.update', { channel: 'C1', ts: '1.1' })).status).toBe(503);
    expect(await call('chat.update', { channel: 'C1', ts: '1.1' })).toMatchObject({
      status: 429,
      retryAfter: '7',
    });

    slack.script('chat.postMessage', [{ hang: true }]);
    const hung = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: 'C3', text: 'never answered' }),
      signal: AbortSignal.timeout(300),
    }).catch((e: Error) => e.name);
    expect(hung).toBe('TimeoutError');
    expect(slack.hung).toBe(1);

    slack.down = true;
    await expect(call('chat.postMessage', { channel: 'C3', text: 'x' })).rejects.toThrow();
    slack.reset();
    expect(slack.down).toBe(false);
    expect(slack.posts).toEqual([]);
  });

  it('keeps message metadata and serves conversations.history like Slack: newest first, oldest/latest, pages, metadata on request', async () => {
    slack = await startSlackEmulator({ token: TOKEN });
    const meta = (n: number) => ({ event_type: 'tend_outbox', event_payload: { outbox_id: n } });
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('chat.postMessage', {
        channel: 'C0HIST',
        text: `m${i}`,
        metadata: meta(i),
      });
      ts.push(r.body.ts as string);
    }
    // Form-encoded clients send metadata as JSON text; a malformed one is refused.
    expect(
      (await call('chat.postMessage', { channel: 'C0HIST', text: 'x', metadata: '{nope' })).body,
    ).toEqual({ ok: false, error: 'invalid_metadata_format' });
    expect(
      (
        await call('chat.postMessage', {
          channel: 'C0HIST',
          text: 'x',
          metadata: { event_type: 'a' },
        })
      ).body,
    ).toEqual({ ok: false, error: 'invalid_metadata_schema' });

    const all = await call('conversations.history', { channel: 'C0HIST' });
    expect(all.body).toMatchObject({ ok: true, has_more: false });
    const messages = all.body.messages as Record<string, unknown>[];
    expect(messages.map((m) => m.text)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    // Metadata only when asked for.
    expect(messages.every((m) => !('metadata' in m))).toBe(true);
    const withMeta = await call('conversations.history', {
      channel: 'C0HIST',
      include_all_metadata: true,
    });
    expect((withMeta.body.messages as Record<string, unknown>[])[0]?.metadata).toEqual(meta(4));

    // oldest is exclusive unless inclusive; latest likewise.
    const after = await call('conversations.history', { channel: 'C0HIST', oldest: ts[2] });
    expect((after.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['m4', 'm3']);
    const from = await call('conversations.history', {
      channel: 'C0HIST',
      oldest: ts[2],
      latest: ts[3],
      inclusive: true,
    });
    expect((from.body.messages as { text: string }[]).map((m) => m.text)).toEqual(['m3', 'm2']);

    // Pages of `limit`, older with each cursor, until has_more is false.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await call('conversations.history', { channel: 'C0HIST', limit: 2, cursor });
      seen.push(...(r.body.messages as { text: string }[]).map((m) => m.text));
      if (!r.body.has_more) break;
      cursor = (r.body.response_metadata as { next_cursor: string }).next_cursor;
    }
    expect(seen).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect(
      (await call('conversations.history', { channel: 'C0HIST', cursor: 'bm9wZQ==' })).body,
    ).toEqual({ ok: false, error: 'invalid_cursor' });
    // A user id or a name is not a conversation id for this method.
    expect((await call('conversations.history', { channel: '#c0hist' })).body.error).toBe(
      'channel_not_found',
    );
    // A channel nothing was posted in yet exists, as in Slack: its history is empty.
    expect((await call('conversations.history', { channel: 'C0EMPTY' })).body).toMatchObject({
      ok: true,
      messages: [],
    });
  });

  it('serves conversations.replies like Slack: the parent then its replies, pages, metadata on request, the same refusals', async () => {
    slack = await startSlackEmulator({ token: TOKEN });
    const meta = (n: number) => ({ event_type: 'tend_outbox', event_payload: { outbox_id: n } });
    const parent = (await call('chat.postMessage', { channel: 'C0THR', text: 'p' })).body
      .ts as string;
    const ts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await call('chat.postMessage', {
        channel: 'C0THR',
        thread_ts: parent,
        text: `r${i}`,
        metadata: meta(i),
      });
      ts.push(r.body.ts as string);
    }
    await call('chat.postMessage', { channel: 'C0THR', text: 'after' });
    // The history has no replies; the thread has them, oldest first, after its parent.
    const history = await call('conversations.history', { channel: 'C0THR' });
    expect((history.body.messages as { text: string }[]).map((m) => m.text)).toEqual([
      'after',
      'p',
    ]);
    const all = await call('conversations.replies', { channel: 'C0THR', ts: parent });
    const texts = (r: { body: Record<string, unknown> }) =>
      (r.body.messages as { text: string }[]).map((m) => m.text);
    expect(texts(all)).toEqual(['p', 'r0', 'r1', 'r2', 'r3', 'r4']);
    expect((all.body.messages as Record<string, unknown>[]).every((m) => !('metadata' in m))).toBe(
      true,
    );
    const withMeta = await call('conversations.replies', {
      channel: 'C0THR',
      ts: ts[1],
      include_all_metadata: true,
      oldest: ts[3],
      inclusive: true,
    });
    // A reply's ts answers its thread; oldest narrows it.
    expect(texts(withMeta)).toEqual(['r3', 'r4']);
    expect((withMeta.body.messages as Record<string, unknown>[])[0]?.metadata).toEqual(meta(3));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await call('conversations.replies', {
        channel: 'C0THR',
        ts: parent,
        limit: 4,
        cursor,
      });
      seen.push(...texts(r));
      if (!r.body.has_more) break;
      cursor = (r.body.response_metadata as { next_cursor: string }).next_cursor;
    }
    expect(seen).toEqual(['p', 'r0', 'r1', 'r2', 'r3', 'r4']);
    expect(
      (await call('conversations.replies', { channel: 'C0THR', ts: '1.000001' })).body,
    ).toEqual({ ok: false, error: 'thread_not_found' });
    slack.scopes = ['chat:write'];
    expect(
      (await call('conversations.replies', { channel: 'C0THR', ts: parent })).body,
    ).toMatchObject({ ok: false, error: 'missing_scope', needed: 'channels:history' });
    slack.scopes = undefined;
    slack.state.botAbsent.add('C0THR');
    expect((await call('conversations.replies', { channel: 'C0THR', ts: parent })).body).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
  });

  it('refuses history without the scope for the kind of conversation, or outside the channel', async () => {
    slack = await startSlackEmulator({ token: TOKEN, scopes: ['chat:write'] });
    await call('chat.postMessage', { channel: 'C0PUB', text: 'x' });
    await call('chat.postMessage', { channel: 'G0PRIV', text: 'x' });
    expect((await call('conversations.history', { channel: 'C0PUB' })).body).toEqual({
      ok: false,
      error: 'missing_scope',
      needed: 'channels:history',
      provided: 'chat:write',
    });
    expect((await call('conversations.history', { channel: 'G0PRIV' })).body).toMatchObject({
      error: 'missing_scope',
      needed: 'groups:history',
    });
    slack.scopes = ['chat:write', 'channels:history'];
    expect((await call('conversations.history', { channel: 'C0PUB' })).body.ok).toBe(true);
    slack.state.botAbsent.add('C0PUB');
    expect((await call('conversations.history', { channel: 'C0PUB' })).body).toEqual({
      ok: false,
      error: 'not_in_channel',
    });
  });
});
