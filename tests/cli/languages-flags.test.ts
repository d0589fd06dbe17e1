import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';

// The command line's last English (issue 16): flag mistakes, configuration problems and the
// brief of `tend prep`, in Chinese with TEND_LANG=zh-CN; flags, forms and values as typed.
describe('tend flag errors, configuration and prep in Chinese', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async ({ db }) => {
      await db
        .insertInto('accounts')
        .values({ external_id: 'acme', name: 'Acme Corp', arr: 120_000 })
        .execute();
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const zh = (args: string[], env: Record<string, string> = {}) =>
    tend(args, { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN', ...env });
  const en = (args: string[]) => tend(args, { TEND_DATA_DIR: dir });

  it('tend health recompute: a bad --backfill, --day or an unknown flag, named with what it takes', () => {
    const backfill = zh(['health', 'recompute', '--backfill', 'many']);
    expect(backfill.code).toBe(2);
    expect(backfill.stderr.trim()).toBe('tend: --backfill 需要 0 到 730 之间的整数，而不是“many”');
    expect(en(['health', 'recompute', '--backfill', 'many']).stderr.trim()).toBe(
      'tend: --backfill takes a whole number from 0 to 730, not "many"',
    );
    expect(zh(['health', 'recompute', '--day', '2026-02-30']).stderr.trim()).toBe(
      'tend: --day 需要一个 YYYY-MM-DD 格式的有效日期，而不是“2026-02-30”',
    );
    const unknown = zh(['health', 'recompute', '--frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'tend: 此命令没有 --frob 这个选项；用法：tend health recompute [--backfill DAYS] [--day YYYY-MM-DD]',
    );
    expect(zh(['health', 'recompute', '--backfill']).stderr.trim()).toMatch(
      /^tend: --backfill 需要一个值；用法：/,
    );
  }, 180_000);

  it('tend seed: a missing --demo and a bad count, in Chinese', () => {
    const count = zh(['seed', '--demo', '--accounts', 'many']);
    expect(count.code).toBe(2);
    expect(count.stderr.trim()).toMatch(
      /^tend: --accounts 需要 \d+ 到 \d+ 之间的整数，而不是“many”$/,
    );
    const demo = zh(['seed']);
    expect(demo.code).toBe(2);
    expect(demo.stderr.trim()).toBe('tend: 只能载入演示数据：请加上 --demo');
    expect(zh(['seed', '--demo=yes']).stderr.trim()).toMatch(
      /^tend: --demo 不带值；用法：tend seed/,
    );
  }, 180_000);

  it('tend purge-account: --export without a file, and the confirmation, in Chinese', () => {
    const r = zh(['purge-account', 'acme', '--yes', '--export']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'tend: --export 需要先写入的文件名；用法：tend purge-account <account> --yes [--export <file>]',
    );
    expect(zh(['purge-account', 'acme']).stderr.trim()).toBe(
      'tend: 清除会永久删除“acme”的每条记录；加 --yes 确认',
    );
    expect(zh(['purge-account', 'initech', '--yes']).stderr.trim()).toBe(
      'tend: 拒绝清除：没有匹配的客户',
    );
  }, 180_000);

  it("configuration problems in the settings file's language, before any command runs", () => {
    const file = join(dir, 'tend.yaml');
    writeFileSync(file, 'language: zh-CN\ntimezone: Mars/Olympus\n');
    const r = tend(['health', 'acme'], { TEND_DATA_DIR: dir, TEND_CONFIG: file, PORT: 'abc' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tend: 配置无效（2 个问题）：\n {2}- PORT：/);
    expect(r.stderr).toContain(
      '  - settings.timezone：应为 IANA 时区，例如 Asia/Shanghai（得到的是字符串）',
    );
    expect(r.stderr).not.toMatch(/invalid configuration|got a string/);
  }, 180_000);

  it('tend prep and tend timeline print their cards in the command line language', () => {
    const prep = zh(['prep', 'acme']);
    expect(prep.stderr).toBe('');
    expect(prep.code).toBe(0);
    expect(prep.stdout).toContain('会议准备：Acme Corp');
    expect(prep.stdout).not.toContain('Meeting prep');
    const md = zh(['prep', 'acme', '--markdown']);
    expect(md.stdout).toContain('# 会议准备：Acme Corp');
    expect(en(['prep', 'acme']).stdout).toContain('Meeting prep: Acme Corp');
    const timeline = zh(['timeline', 'acme']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toContain('时间线：Acme Corp');
  }, 180_000);
});
