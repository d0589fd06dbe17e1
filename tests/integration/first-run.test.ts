import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { openContext } from '../../src/cli/context';
import { demoFirstRun } from '../../src/cli/demo-first-run';
import { loadConfig } from '../../src/config';
import { isoDayFromDate } from '../../src/domain/dates';
import { tempDir } from '../helpers/cli';

// `tend serve` on a new folder: initdb, migrations and the demo seed happen in the first-run
// child, so the server opens a folder that already holds the demo (and never seeds it itself).

const dir = tempDir('tend-first-run-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a new embedded folder comes out of the first-run child migrated and seeded with the demo', async () => {
  const config = loadConfig({ TEND_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const { ctx, handle } = await openContext(config, {
    migrate: false,
    firstRun: demoFirstRun(config),
  });
  try {
    const today = isoDayFromDate(new Date());
    const accounts = await ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(accounts.n)).toBe(200);
    const bands = await ctx.db
      .selectFrom('health_snapshots as h')
      .innerJoin('accounts as a', 'a.id', 'h.account_id')
      .select(['a.external_id', 'h.band'])
      .where('h.day', '=', today)
      .where('a.external_id', 'in', ['acc-00001', 'acc-00002', 'acc-00003'])
      .orderBy('a.external_id')
      .execute();
    expect(bands.map((b) => b.band)).toEqual(['yellow', 'red', 'green']);
    const audit = await ctx.db.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toContain('seed.demo');
  } finally {
    await handle.close();
  }
}, 300_000);
