import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { type Harness, inChannel, PERSONAL, personal, startHarness } from './harness';

// Questions as Teams messages: activities to the real CloudAdapter, answers read from the Bot
// Connector stand-in. A message that is not a command is a question, English or Chinese.
describeEachDatabase('Teams questions over /api/messages', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    const snapshot = (accountId: number, score: number, band: 'red' | 'yellow' | 'green') =>
      get()
        .db.insertInto('health_snapshots')
        .values({
          account_id: accountId,
          day: '2026-11-23',
          score,
          band,
          measures: '[]',
          drivers: '[]',
          onboarding: false,
        })
        .execute();
    const acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
      segment: 'enterprise',
      arr: 120000,
      renewal_date: '2027-01-07',
    });
    const globex = await insertAccount(get().db, {
      external_id: 'globex',
      name: 'Globex Corporation',
      owner_email: 'omar@acme.com',
      segment: 'enterprise',
      arr: 300000,
      renewal_date: '2026-12-20',
    });
    const tencent = await insertAccount(get().db, {
      external_id: 'tencent',
      name: '腾讯科技',
      owner_email: 'jane@acme.com',
      segment: 'smb',
      arr: 9000,
      renewal_date: '2026-12-01',
    });
    await snapshot(acme, 82, 'green');
    await snapshot(globex, 35, 'red');
    await snapshot(tencent, 60, 'yellow');
  });
  afterAll(() => h.close());

  const ask = async (activity: Record<string, unknown>) => {
    const before = h.standIn.calls.length;
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    return h.standIn.calls.slice(before);
  };
  const text = (v: unknown) => JSON.stringify(v);

  it('answers an English list question in a personal chat with what it understood', async () => {
    const [reply] = await ask(
      personal('which enterprise accounts renew next month and are not green?'),
    );
    expect(reply).toMatchObject({ kind: 'reply', conversationId: PERSONAL });
    const body = text(reply!.body);
    expect(body).toContain('Understood: ');
    expect(body).toContain('not green · enterprise · renews next month');
    expect(body).toContain('Globex Corporation');
    expect(body).not.toContain('Acme Corp');
  });

  it('answers a Chinese ARR question: 本季度续约且不是绿色的ARR总额', async () => {
    // The quarter of 23 Nov 2026 is Oct–Dec: Globex ($300k, red) and 腾讯科技 ($9k, yellow).
    const [reply] = await ask(personal('本季度续约且不是绿色的ARR总额'));
    const body = text(reply!.body);
    // Asked in Chinese: the summary of what was understood is Chinese too.
    expect(body).toContain('理解为：');
    expect(body).toContain('ARR 合计 · 非绿色 · 本季度续约');
    expect(body).toContain('US$309,000');
    expect(body).toContain('腾讯科技');
  });

  it('"my accounts" are the asker\'s, by the e-mail Teams gave', async () => {
    const [reply] = await ask(personal('我的客户'));
    const body = text(reply!.body);
    expect(body).toContain('Acme Corp');
    expect(body).toContain('腾讯科技');
    expect(body).not.toContain('Globex Corporation');
  });

  it('a why-question in a channel is answered privately, like the commands', async () => {
    const calls = await ask(inChannel('why did globex drop?'));
    const send = calls.find((c) => c.kind === 'send');
    expect(send).toBeDefined();
    expect(text(send!.body)).toContain('why: globex');
    expect(text(send!.body)).toContain('Globex Corporation');
  });

  it('says it did not understand, with the closest command, and still runs commands', async () => {
    const [unknown] = await ask(personal('renewals for purple accounts'));
    expect(text(unknown!.body)).toContain("didn't understand");
    expect(text(unknown!.body)).toContain('/renewals');
    const [command] = await ask(personal('renewals 30'));
    expect(text(command!.body)).toContain('Renewals in 30 days');
  });
});
