import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { type Harness, inChannel, personal, startHarness } from './harness';

// One long message must not hold the process: it is refused before the mention removal and
// the parsing run over it (a 900 KB message once blocked the process for 109 s).

describeEachDatabase('Teams edge: long messages', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
  });
  afterAll(() => h.close());

  it('a 900 KB message is answered "too long" within 1 s, and the next one is served', async () => {
    // Warm: botbuilder loads on the first activity (most of a second), not part of the bound.
    expect((await h.post(personal('help'))).status).toBe(200);
    for (const activity of [
      personal(`health ${'acme '.repeat(180_000)}`),
      inChannel(`followup ${'<b>x</b> '.repeat(100_000)}`),
    ]) {
      const before = h.standIn.calls.length;
      const started = performance.now();
      const res = await h.post(activity);
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(1000);
      const answer = JSON.stringify(h.standIn.calls.slice(before));
      expect(answer).toContain('too long for a command');
    }
    const started = performance.now();
    expect((await h.post(personal('help'))).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
