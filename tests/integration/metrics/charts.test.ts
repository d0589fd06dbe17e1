import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays } from '../../../src/domain/dates';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, seedAccounts, startHarness as startSlack } from '../slack/harness';
import { cardOf, PERSONAL, personal, startHarness as startTeams } from '../teams/harness';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const text = (v: unknown) => JSON.stringify(v);

/** A score a day for 12 weeks before 23 Nov 2026, falling from green into red. */
async function seedTrend(db: Parameters<typeof seedAccounts>[0], accountId: number) {
  const rows = Array.from({ length: 83 }, (_, i) => {
    const score = 85 - Math.round(i * 0.6);
    return {
      account_id: accountId,
      day: addDays('2026-08-31', i),
      score,
      band: score >= 70 ? ('green' as const) : score >= 40 ? ('yellow' as const) : ('red' as const),
      measures: '[]',
      drivers: '[]',
      onboarding: false,
    };
  });
  await db
    .insertInto('health_snapshots')
    .values(rows)
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('alerts')
    .values({
      account_id: accountId,
      rule: 'score_drop',
      summary: 'score fell',
      fired_at: new Date('2026-11-02T09:00:00Z'),
      acknowledged_at: new Date('2026-11-02T13:00:00Z'),
      status: 'acknowledged',
    })
    .execute();
}

// Pictures: the account card's 12-week score trend and the metrics card's bands and
// time-to-ack trend. Slack gets them as files (files.uploadV2) in the person's DM with Tend,
// after the answer; Teams inline in the card, within its size limit.
describeEachDatabase('charts', (get) => {
  describe('on Slack', () => {
    let h: Awaited<ReturnType<typeof startSlack>>;
    beforeAll(async () => {
      const { acme } = await seedAccounts(get().db);
      await seedTrend(get().db, acme);
      h = await startSlack(get().db);
    });
    afterAll(() => h.close());

    const slash = (command: string, text: string, trigger: string) =>
      postCommand(
        h.eventsUrl,
        commandBody({
          command,
          text,
          user_id: ANN.id,
          trigger_id: trigger,
          response_url: h.emulator.responseUrl(),
          channel_id: 'C0GENERAL',
        }),
      );

    it('answers /health with the card, then uploads the score trend to the DM', async () => {
      const res = await slash('/health', 'acme', 'trig-chart-1');
      // The answer is the card itself, in the acknowledgement.
      expect(text(await res.json())).toContain('Acme Corp');
      const done = await h.emulator.waitFor('files.completeUploadExternal');
      const [asked] = h.emulator.callsTo('files.getUploadURLExternal');
      expect(asked?.body).toMatchObject({ filename: 'score-trend.png' });
      expect(String(asked?.body.alt_text)).toContain('health score, last 12 weeks');
      const dm = h.emulator.state.dmOf(ANN.id).id;
      expect(done.body.channel_id).toBe(dm);
      // Shared as one message with the file; its bytes are the PNG that was drawn.
      const message = h.emulator.state.messages.get(dm)?.find((m) => m.files);
      const file = message?.files?.[0];
      expect(file).toMatchObject({ name: 'score-trend.png', mimetype: 'image/png' });
      const bytes = h.emulator.state.files.get(file!.id)?.bytes;
      expect(bytes?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(bytes!.length).toBe(Number(asked?.body.length));
      const served = await fetch(file!.url);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes!)).toBe(true);
    });

    it('/stats team uploads the bands and time-to-ack charts', async () => {
      const before = h.emulator.callsTo('files.getUploadURLExternal').length;
      const res = await slash('/stats', 'team 90d', 'trig-chart-2');
      expect(text(await res.json())).toContain('Team stats');
      await h.emulator.waitFor('files.completeUploadExternal', (c) =>
        text(c.body).includes('Accounts per band'),
      );
      const names = h.emulator
        .callsTo('files.getUploadURLExternal')
        .slice(before)
        .map((c) => c.body.filename);
      expect(names.sort()).toEqual(['bands.png', 'time-to-ack.png']);
    });

    it('a second /health of the same account that day answers without a new file', async () => {
      const asked = () => h.emulator.callsTo('files.getUploadURLExternal').length;
      const before = asked();
      const res = await slash('/health', 'acme', 'trig-chart-again');
      expect(text(await res.json())).toContain('Acme Corp');
      // A later ask of another account does upload; by then the repeat would have too.
      await slash('/health', 'globex west', 'trig-chart-other');
      await vi.waitFor(() => expect(asked()).toBe(before + 1), { timeout: 15_000 });
      const names = h.emulator.callsTo('files.getUploadURLExternal').slice(before);
      expect(names.map((c) => String(c.body.alt_text))).toEqual([
        expect.stringContaining('Globex West'),
      ]);
      // Its upload finishes before the next test counts shared files.
      await h.emulator.waitFor('files.completeUploadExternal', (c) =>
        text(c.body).includes('Globex West'),
      );
    });

    it('without files:write the text answer stands, nothing is shared, and the next ask retries', async () => {
      h.emulator.scopes = ['commands', 'chat:write', 'users:read', 'users:read.email', 'im:write'];
      const shared = () => h.emulator.callsTo('files.completeUploadExternal').length;
      const asked = () => h.emulator.callsTo('files.getUploadURLExternal').length;
      const [sharedBefore, askedBefore] = [shared(), asked()];
      const res = await slash('/health', 'globex east', 'trig-chart-3');
      expect(text(await res.json())).toContain('Globex East');
      // Slack refuses the upload (missing_scope); Tend logs it and shares nothing.
      await vi.waitFor(() => expect(asked()).toBeGreaterThan(askedBefore), { timeout: 15_000 });
      expect(shared()).toBe(sharedBefore);
      h.emulator.scopes = undefined;
      // Not shared, so not counted as sent today: asked again, it is uploaded.
      await slash('/health', 'globex east', 'trig-chart-4');
      await vi.waitFor(() => expect(shared()).toBe(sharedBefore + 1), { timeout: 15_000 });
    });
  });

  describe('on Teams', () => {
    let h: Awaited<ReturnType<typeof startTeams>>;
    beforeAll(async () => {
      h = await startTeams(get());
    });
    afterAll(() => h.close());

    it('"health acme" carries the score trend inline, and the card stays under 28 KB', async () => {
      await h.post(personal('health acme'));
      const reply = h.standIn.calls.at(-1)!;
      expect(reply.conversationId).toBe(PERSONAL);
      const card = cardOf(reply.body);
      const image = card.body.find((b) => b.type === 'Image');
      expect(String(image?.url)).toMatch(/^data:image\/png;base64,/);
      expect(String(image?.altText)).toContain('health score, last 12 weeks');
      const png = Buffer.from(String(image?.url).split(',')[1]!, 'base64');
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(Buffer.byteLength(text(card))).toBeLessThan(28_000);
    });

    it('"stats team" inlines what fits under the limit and keeps every figure as text', async () => {
      await h.post(personal('stats team 90d'));
      const card = cardOf(h.standIn.calls.at(-1)!.body);
      expect(text(card)).toContain('Team stats');
      expect(text(card)).toContain('Median time to acknowledge');
      const images = card.body.filter((b) => b.type === 'Image');
      expect(images.length).toBeGreaterThanOrEqual(1);
      expect(Buffer.byteLength(text(card))).toBeLessThan(28_000);
    });
  });
});
