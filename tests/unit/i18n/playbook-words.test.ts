import { describe, expect, it } from 'vitest';
import { t } from '../../../src/cards/i18n/t';
import { BUILT_IN_TITLE_KEY, playbookWordsIn } from '../../../src/cards/playbook-words';
import { DEFAULT_PLAYBOOKS } from '../../../src/domain/playbooks/model';

describe('built-in playbook titles', () => {
  const titles = DEFAULT_PLAYBOOKS.flatMap((p) => [
    p.title ?? p.name,
    ...p.steps.map((s) => s.title),
  ]);

  it('every built-in title has a catalog entry whose English is the title, byte for byte', () => {
    for (const title of titles) {
      const key = BUILT_IN_TITLE_KEY[title];
      expect(key, title).toBeDefined();
      expect(t('en', key!)).toBe(title);
      expect(playbookWordsIn('en', title)).toBe(title);
    }
  });

  it('reads each built-in title in Chinese, with no English left', () => {
    for (const title of titles) {
      const zh = playbookWordsIn('zh-CN', title);
      expect(zh, title).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(playbookWordsIn('zh-CN', 'Kickoff call')).toBe('启动会议');
  });

  it('a configured title stays as typed', () => {
    expect(playbookWordsIn('zh-CN', 'Quarterly exec sync')).toBe('Quarterly exec sync');
    expect(playbookWordsIn('zh-CN', 'toString')).toBe('toString');
  });
});
