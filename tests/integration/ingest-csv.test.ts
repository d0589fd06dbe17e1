import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeEach, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { importCommand } from '../../src/cli/import';
import type { CliIo } from '../../src/cli/io';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { describeEachDatabase, truncateAll } from '../helpers/database';

const fixtures = join(import.meta.dirname, '../fixtures');
const dir = mkdtempSync(join(tmpdir(), 'tend-csv-'));

function captureIo(cwd = fixtures): CliIo & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return {
    outs,
    errs,
    out: (t) => outs.push(t),
    err: (t) => errs.push(t),
    interactive: false,
    cwd,
  };
}

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

describeEachDatabase('tend import', (get) => {
  let ctx: AppContext;
  const run = async (args: string[], cwd = dir) => {
    const io = captureIo(cwd);
    const code = await importCommand.run(args, ctx, io);
    return { code, out: io.outs.join('\n'), err: io.errs.join('\n') };
  };
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db))
        .rows[0]?.n,
    );
  const loadFixtures = async () => {
    for (const entity of ['accounts', 'usage', 'tickets', 'surveys']) {
      const result = await run([entity, `${entity}.csv`], fixtures);
      expect(result, entity).toMatchObject({ code: 0 });
    }
  };

  beforeEach(async () => {
    await truncateAll(get());
    ctx = {
      db: get().db,
      config: loadConfig({}),
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
  });

  it('imports the sample file of every entity; importing again changes nothing', async () => {
    await loadFixtures();
    expect(await count('accounts')).toBe(3);
    expect(await count('usage_daily')).toBe(4);
    expect(await count('tickets')).toBe(3);
    expect(await count('survey_answers')).toBe(3);
    const again = await run(['usage', 'usage.csv'], fixtures);
    expect(again).toEqual({
      code: 0,
      out: 'usage.csv: 4 rows read, 0 written, 4 unchanged, 0 rejected',
      err: '',
    });
    const initech = await ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('external_id', '=', 'initech')
      .executeTakeFirstOrThrow();
    expect(initech).toMatchObject({ name: 'Initech, Inc.', arr: 18000.5, owner_email: null });
  });

  it('rejects the whole file and lists bad rows with their lines', async () => {
    await loadFixtures();
    const name = file(
      'bad-usage.csv',
      [
        'account_external_id,day,active_users,seats',
        'acme,2026-11-19,5,50',
        'ghost,2026-11-19,5,50',
        'acme,2026-11-19,-3,50',
        'acme,3026-01-01,1,99999999999999999999',
        'acme,1066-10-14,1,',
        'acme,2026-11-19,1',
        'acme,2026-11-12,1,2,3',
      ].join('\n'),
    );
    const result = await run(['usage', name]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      [
        'bad-usage.csv: 7 rows read, 0 written, 0 unchanged, 6 rejected; nothing was written (a file is all or nothing)',
        '  line 3: account_external_id: unknown account',
        '  line 4: active_users: must not be negative',
        '  line 5: day: must be between 1900-01-01 and 2199-12-31',
        '  line 5: seats: must be at most 2147483647',
        '  line 6: day: must be between 1900-01-01 and 2199-12-31',
        '  line 7: (row): has 3 cells, the header has 4',
        '  line 8: (row): has 5 cells, the header has 4',
      ].join('\n'),
    );
    expect(await count('usage_daily')).toBe(4);
    // The same reasons in Chinese when the command line speaks it (the API keeps the English).
    vi.stubEnv('TEND_LANG', 'zh-CN');
    try {
      const zh = (await run(['usage', name])).err.split('\n').slice(1);
      expect(zh).toEqual([
        '  第 3 行：account_external_id：未知客户',
        '  第 4 行：active_users：不能为负数',
        '  第 5 行：day：必须在 1900-01-01 到 2199-12-31 之间',
        '  第 5 行：seats：不能超过 2147483647',
        '  第 6 行：day：必须在 1900-01-01 到 2199-12-31 之间',
        '  第 7 行：(row)：有 3 个单元格，表头有 4 个',
        '  第 8 行：(row)：有 5 个单元格，表头有 4 个',
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('shows the first 20 bad rows of many', async () => {
    await loadFixtures();
    const rows = Array.from({ length: 50_000 }, (_, i) => `acme,2026-11-1${i % 10},${i}`);
    rows[45_000] = 'nobody,2026-11-19,1';
    const bad = Array.from({ length: 30 }, (_, i) => `acme,2026-11-19,x${i}`);
    const name = file(
      'many.csv',
      ['account_external_id,day,active_users', ...bad, ...rows].join('\n'),
    );
    const result = await run(['usage', name]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('50030 rows read, 0 written, 0 unchanged, 31 rejected');
    expect(result.err).toContain('  line 21: active_users: must be a whole number');
    expect(result.err).not.toContain('line 22:');
    expect(result.err).toContain('… and 11 more bad rows');
    expect(await count('usage_daily')).toBe(4);
  });

  it('keeps the last of repeated rows, across chunk boundaries too', async () => {
    await loadFixtures();
    const rows = Array.from({ length: 45_000 }, (_, i) => `acme,2026-11-19,${i}`);
    const name = file('repeats.csv', ['account_external_id,day,active_users', ...rows].join('\n'));
    expect((await run(['usage', name])).code).toBe(0);
    const row = await ctx.db
      .selectFrom('usage_daily')
      .select('active_users')
      .where('day', '=', '2026-11-19')
      .executeTakeFirstOrThrow();
    expect(row.active_users).toBe(44_999);
  });

  it('names the right lines after quoted line breaks and blank lines', async () => {
    const content = ['external_id,name', 'm1,"Two\nlines"', '', 'm2,', 'm3,"A\nB"', ',x', ''];
    const result = await run(['accounts', file('multiline.csv', content.join('\n'))]);
    expect(result.err.split('\n').slice(1)).toEqual([
      '  line 5: name: required',
      '  line 8: external_id: required',
    ]);
    const usage = ['account_external_id,day,active_users', 'acme,2026-11-19,1', '', 'acme,x,1'];
    const bad = await run(['usage', file('blank-lines.csv', usage.join('\r\n'))]);
    expect(bad.err).toContain('  line 4: day: must be a real day like 2026-11-02');
  });

  it('reads a byte-order mark, quoted cells and upper-case headers', async () => {
    const name = file('bom.csv', '\uFEFFEXTERNAL_ID,Name\r\n"bom-1","Bom, Ltd"\r\n\r\n');
    expect(await run(['accounts', name])).toMatchObject({ code: 0 });
    const row = await ctx.db.selectFrom('accounts').select(['external_id', 'name']).execute();
    expect(row).toEqual([{ external_id: 'bom-1', name: 'Bom, Ltd' }]);
  });

  it('refuses empty files, bad headers, non-UTF-8 bytes and missing files', async () => {
    await expect(run(['accounts', file('empty.csv', '')])).rejects.toThrow('the file is empty');
    const headerOnly = await run(['accounts', file('header.csv', 'external_id,name\n')]);
    expect(headerOnly).toMatchObject({
      code: 0,
      out: 'header.csv: 0 rows read, 0 written, 0 unchanged, 0 rejected',
    });
    await expect(
      run(['usage', file('nohead.csv', 'account_external_id,day\nacme,2026-11-01\n')]),
    ).rejects.toThrow('line 1: missing column(s): active_users');
    await expect(
      run(['accounts', file('typo.csv', 'external_id,name,acr\nx,y,1\n')]),
    ).rejects.toThrow('unknown column(s): acr');
    const latin1 = Buffer.concat([
      Buffer.from('external_id,name\nz1,Caf'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    await expect(run(['accounts', file('latin1.csv', latin1)])).rejects.toThrow('not UTF-8');
    await expect(run(['accounts', 'nope.csv'])).rejects.toThrow('cannot read nope.csv');
    expect((await run(['widgets', 'x.csv'])).code).toBe(2);
    expect(await count('accounts')).toBe(0);
  });
});
