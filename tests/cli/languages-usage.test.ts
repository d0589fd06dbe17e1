import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
