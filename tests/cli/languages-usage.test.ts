import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS, type MessageKey, t } from '../../src/cards/i18n/t';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';

// Usage mistakes in the command line's language (TEND_LANG, then a Chinese LANG, then settings):
// the "usage" word and the sentence around it are words, the command forms stay as typed.
describe('tend usage errors in Chinese', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async () => {});
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an unknown command, in Chinese with TEND_LANG=zh-CN, in English without', () => {
    const zh = tend(['frobnicate'], { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN' });
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim()).toBe('tend：未知命令“frobnicate”。运行 tend help 查看命令列表。');
    const en = tend(['frobnicate'], { TEND_DATA_DIR: dir });
    expect(en.stderr.trim()).toBe(
      "tend: unknown command 'frobnicate'. Run 'tend help' for the list.",
    );
  });

  it('a missing argument says 用法 with the form unchanged; English stays as it was', () => {
    const zh = tend(['play'], { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN' });
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim()).toBe('tend: 用法：tend play <account> <playbook>');
    const en = tend(['play'], { TEND_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(en.stderr.trim()).toBe('tend: usage: tend play <account> <playbook>');
  });

  it('tend help: every summary in Chinese with TEND_LANG=zh-CN, the forms as typed', () => {
    const keys = (Object.keys(CATALOGS.en) as MessageKey[]).filter(
      (k) => k.startsWith('cli.help.') && k !== 'cli.help.usage',
    );
    const zh = tend(['help'], { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN' });
    expect(zh.code).toBe(0);
    expect(zh.stdout.split('\n')[0]).toBe('用法：');
    expect(zh.stdout).toContain('  tend health <account>');
    for (const k of keys) {
      expect(zh.stdout, k).toContain(t('zh-CN', k));
      expect(zh.stdout, k).not.toContain(t('en', k));
    }
    const en = tend(['help'], { TEND_DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(en.stdout.split('\n')[0]).toBe('usage:');
    for (const k of keys) expect(en.stdout, k).toContain(t('en', k));
  });
});
