import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDigestJob } from '../../../src/app/digests';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { movableClock } from '../../helpers/jobs-context';
import { CHANNEL, cardOf, type Harness, inChannel, personal, startHarness } from './harness';

describeEachDatabase('Teams: languages', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      domain: 'acme.com',
      owner_email: 'jane@acme.com',
      arr: 120000,
      renewal_date: '2027-01-07',
    });
  });
  afterAll(() => h.close());

  const lastCard = () => JSON.stringify(cardOf(h.standIn.calls.at(-1)!.body));

  it('answers a person whose Teams locale is zh-CN with the Chinese account card', async () => {
    await h.post(personal('health acme', { locale: 'zh-CN' }));
    const zh = lastCard();
    expect(zh).toContain('Acme Corp');
    expect(zh).toContain('续约');
    expect(zh).toContain('记录跟进');
    await h.post(personal('health acme', { locale: 'en-US' }));
    expect(lastCard()).toContain('Log follow-up');
  });

  it('a channel set to zh-CN gets its digest in Chinese', async () => {
    await h.post(inChannel('cs language zh-CN'));
    await h.post(inChannel('cs subscribe digest at 09:00'));
    const clock = movableClock('2026-11-24T09:00:00Z');
    expect((await runDigestJob({ ...h.ctx, clock })).digests).toBe(1);
    const row = await get()
      .db.selectFrom('outbox')
      .select(['platform', 'channel_id', 'payload'])
      .where('dedupe_key', 'like', 'digest:%')
      .executeTakeFirstOrThrow();
    expect(row.platform).toBe('teams');
    expect(row.channel_id).toContain(CHANNEL.split(';')[0]!);
    expect(JSON.stringify(row.payload)).toContain('每日摘要 · 11月24日');
  });
});
