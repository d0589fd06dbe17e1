import { beforeAll, expect, it } from 'vitest';
import { runChatCommand } from '../../src/app/chat-commands';
import type { AppContext } from '../../src/app/context';
import { richToPlain } from '../../src/cards/model';
import { describeEachDatabase } from '../helpers/database';
import { testContext } from '../helpers/fixtures';

const person = (id: string, email: string) => ({ id, email, name: id });
const ANN = person('U1', 'ann@x.com');
const BOB = person('U2', 'bob@x.com');
const BOSS = person('U3', 'boss@x.com');

describeEachDatabase('/cs with admins configured', (get) => {
  let ctx: AppContext;
  let n = 0;
  const cs = async (user: typeof ANN, words: string) => {
    const reply = await runChatCommand(ctx, {
      platform: 'slack',
      user,
      channelId: 'C-TEAM',
      text: `cs ${words}`,
      requestKey: `k${++n}`,
    });
    return reply.card.blocks.map((b) => ('text' in b ? richToPlain(b.text) : '')).join(' ');
  };

  beforeAll(() => {
    const base = testContext(get());
    ctx = {
      ...base,
      config: { ...base.config, settings: { ...base.config.settings, admins: ['boss@x.com'] } },
    };
  });

  it("keeps people from removing or pausing someone else's subscription; admins may", async () => {
    expect(await cs(ANN, 'subscribe digest')).toContain('This channel is subscribed');
    const [sub] = await ctx.db.selectFrom('channel_subscriptions').select('id').execute();
    expect(await cs(BOB, `unsubscribe ${sub!.id}`)).toContain('Only the person who set that up');
    expect(await cs(BOB, 'pause 1d')).toContain('Only the person who set that up');
    const row = await ctx.db
      .selectFrom('channel_subscriptions')
      .select('paused_until')
      .executeTakeFirstOrThrow();
    expect(row.paused_until).toBeNull();
    expect(await cs(ANN, 'pause 1d')).toContain('pause until');
    expect(await cs(BOSS, 'resume')).toContain('back on');
    expect(await cs(BOSS, `unsubscribe ${sub!.id}`)).toContain(`#${sub!.id} is gone`);
  });

  it('the same /cs subscribe sent many times at once leaves one row (per-channel lock)', async () => {
    // Straight at the use case, many at once: on Postgres they run on separate connections,
    // so without the lock several see "none yet" and insert.
    const answers = await Promise.all(
      Array.from({ length: 24 }, () => cs(BOB, 'subscribe renewals tier=gold')),
    );
    const rows = await get()
      .db.selectFrom('channel_subscriptions')
      .select('id')
      .where('channel_id', '=', 'C-TEAM')
      .where('kind', '=', 'renewals')
      .execute();
    expect(rows).toHaveLength(1);
    expect(answers.filter((a) => a.includes('already has that subscription'))).toHaveLength(23);
  });
});
