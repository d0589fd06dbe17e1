import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';

// The real binary on the real clock: the touch is dated from now, so it is always in the window.
describe('tend timeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async ({ db }) => {
      const { id } = await db
        .insertInto('accounts')
        .values({ external_id: 'acme', name: 'Acme Corp' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('touchpoints')
        .values({
          account_id: id,
          kind: 'call',
          text: 'call with the CFO',
          logged_by: 'Ann',
          platform: 'slack',
          at: new Date(),
        })
        .execute();
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the card, the JSON with --json, and exits 2 on an unknown account or a bad flag', () => {
    const r = tend(['timeline', 'acme', '--days', '30'], { TEND_DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Timeline: Acme Corp');
    expect(r.stdout).toContain('call with the CFO');
    const json = tend(['timeline', 'acme', '--json'], { TEND_DATA_DIR: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      account: { externalId: 'acme', name: 'Acme Corp' },
      days: 90,
      total: 1,
      entries: [{ kind: 'call', text: 'call with the CFO', by: 'Ann' }],
    });
    const none = tend(['timeline', 'initech'], { TEND_DATA_DIR: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no account matches "initech"');
    expect(tend(['timeline', 'acme', '--days', '0'], { TEND_DATA_DIR: dir }).code).toBe(2);
  }, 180_000);

  it('speaks Chinese with TEND_LANG or a Chinese LANG; --json stays as it is', () => {
    const none = tend(['timeline', 'initech'], { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('没有客户匹配“initech”');
    const card = tend(['health', 'acme'], { TEND_DATA_DIR: dir, LANG: 'zh_CN.UTF-8' });
    expect(card.code).toBe(0);
    expect(card.stdout).toContain('续约');
    expect(card.stdout).not.toContain('Renewal');
    const json = tend(['timeline', 'acme', '--json'], { TEND_DATA_DIR: dir, TEND_LANG: 'zh-CN' });
    expect(JSON.parse(json.stdout)).toMatchObject({ days: 90, entries: [{ kind: 'call' }] });
    // An English TEND_LANG wins over a Chinese LANG.
    const en = tend(['timeline', 'initech'], {
      TEND_DATA_DIR: dir,
      LANG: 'zh_CN.UTF-8',
      TEND_LANG: 'en',
    });
    expect(en.stderr).toContain('no account matches "initech"');
  }, 180_000);
});
