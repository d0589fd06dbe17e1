import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';

describe('an account imported with no usage, tickets or surveys', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async ({ db }) => {
      // Another account's ticket: the database has ticket data, as any real one does.
      const other = await insertAccount(db, { external_id: 'acc-old', name: 'Old Customer' });
      await db
        .insertInto('tickets')
        .values({
          external_id: 't-1',
          account_id: other,
          priority: 'low',
          status: 'closed',
          subject: 'done',
          opened_at: new Date('2026-01-02T00:00:00Z'),
          closed_at: new Date('2026-01-03T00:00:00Z'),
        })
        .execute();
    });
    writeFileSync(
      join(dir, 'accounts.csv'),
      'external_id,name,renewal_date\nacc-new,Brand New Ltd,2099-01-01\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows "no score yet (onboarding)", not 🟢 100, and raises no alert', () => {
    const imported = tend(['import', 'accounts', 'accounts.csv'], { TEND_DATA_DIR: dir }, dir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const r = tend(['health', 'acc-new'], { TEND_DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no score yet (onboarding)');
    expect(r.stdout).not.toMatch(/🟢|100 green/);
    const risk = tend(['jobs', 'run', 'risk'], { TEND_DATA_DIR: dir });
    expect(risk.code).toBe(0);
    expect(risk.stdout).toContain('0 new alerts');
    // Three starts of the real binary: seconds each on a busy machine.
  }, 120_000);
});
