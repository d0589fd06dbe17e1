import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';
import { seedMetricsHistory } from '../helpers/metrics-fixtures';

// The real binary runs on the real clock: the fixture's November history lies within the
// last 90 days of any day this test runs until February 2027; past that the figures are zero
// and only the shape is checked.
describe('tend stats', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async ({ db }) => {
      await seedMetricsHistory(db);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the card with a footnote per figure, and the JSON with --json', () => {
    const r = tend(['stats', 'team', '90d'], { TEND_DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Team stats · last 90 days');
    expect(r.stdout).toMatch(/GRR⁷ {2}\S+/);
    expect(r.stdout).toContain('⁷ GRR: over accounts active at the start of the period');
    const json = tend(['stats', 'bob@tend.test', '90d', '--json'], { TEND_DATA_DIR: dir });
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { scope: unknown; definitions: { nrr: string } };
    expect(body.scope).toEqual({ kind: 'person', email: 'bob@tend.test' });
    expect(body.definitions.nrr).toMatch(/^NRR/);
  }, 120_000);

  it('refuses "me" and unknown words with exit 2', () => {
    const me = tend(['stats', 'me'], { TEND_DATA_DIR: dir });
    expect(me.code).toBe(2);
    expect(me.stderr).toContain('no "me"');
    const bad = tend(['stats', 'fortnight'], { TEND_DATA_DIR: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("I don't understand");
  }, 120_000);
});
