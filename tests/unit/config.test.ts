import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { DEFAULT_HEALTH_SETTINGS } from '../../src/domain/health';
import { TendError } from '../../src/errors';

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(TendError);
    return (error as TendError).message;
  }
  throw new Error('expected the configuration to be refused');
}

function settingsFile(text: string, ext = 'yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tend-cfg-')), `tend.${ext}`);
  writeFileSync(path, text);
  return path;
}

describe('configuration', () => {
  it('defaults to the embedded database on loopback with default settings', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'embedded', dataDir: './.tend' });
    expect(config.http).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(config.settings.health).toEqual(DEFAULT_HEALTH_SETTINGS);
    expect(config.settings.reminders.windows).toEqual([120, 90, 60, 30, 7]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses Postgres and listens on every interface when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/tend' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/tend' });
    expect(config.http.host).toBe('0.0.0.0');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('embedded');
  });

  it('reports every bad variable at once, and never echoes a secret', () => {
    const message = problems({
      PORT: '99999',
      SLACK_APP_TOKEN: 'xoxb-secret-value',
      SLACK_API_URL: 'not a url',
    });
    expect(message).toContain('3 problems');
    expect(message).toMatch(/PORT: .*got a string/);
    expect(message).toContain('SLACK_APP_TOKEN');
    expect(message).toContain('SLACK_API_URL');
    expect(message).not.toContain('xoxb-secret-value');
  });

  it('merges a partial settings file over the defaults (YAML and JSON)', () => {
    const yaml = settingsFile('timezone: Europe/Berlin\nhealth:\n  weights:\n    usage: 50\n');
    const config = loadConfig({ TEND_CONFIG: yaml });
    expect(config.settings.timezone).toBe('Europe/Berlin');
    expect(config.settings.health.weights).toEqual({
      ...DEFAULT_HEALTH_SETTINGS.weights,
      usage: 50,
    });
    const json = settingsFile('{"reminders": {"windows": [30, 90, 30]}}', 'json');
    expect(loadConfig({ TEND_CONFIG: json }).settings.reminders.windows).toEqual([90, 30]);
  });

  it('refuses unknown keys, wrong types and impossible bands, all at once', () => {
    const path = settingsFile(
      'colour: blue\nhealth:\n  bands: { green: 40, yellow: 60 }\nrules:\n  inactivity: { days: "two" }\n',
    );
    const message = problems({ TEND_CONFIG: path });
    expect(message).toContain('colour');
    expect(message).toContain('settings.health.bands');
    expect(message).toContain('settings.rules.inactivity.days');
  });

  it('says when the settings file is missing', () => {
    expect(problems({ TEND_CONFIG: '/nonexistent/tend.yaml' })).toContain(
      'cannot read /nonexistent/tend.yaml (ENOENT)',
    );
  });
});

// Configuration problems in the chosen language (TEND_LANG, a Chinese LANG, else the settings
// file's `language`): variable names, settings paths and values stay as typed.
describe('configuration problems in Chinese', () => {
  it('words the frame, what each variable takes and the shape given, in Chinese', () => {
    const message = problems({
      TEND_LANG: 'zh-CN',
      PORT: 'abc',
      SLACK_API_URL: 'not a url',
      DATABASE_URL: 'mysql://x',
    });
    expect(message.split('\n')[0]).toBe('配置无效（3 个问题）：');
    expect(message).toContain('  - SLACK_API_URL：应为 http(s) 网址（得到的是字符串）');
    expect(message).toContain('  - DATABASE_URL：应为 postgres:// 或 postgresql:// 连接字符串');
    // zod's own check, from zod's zh-CN words.
    expect(message).toMatch(/ {2}- PORT：.*[\u4e00-\u9fff].*（得到的是字符串）/);
    expect(message).not.toMatch(/invalid configuration|got a string|an http\(s\) URL|Invalid/);
    // English stays as it was.
    const en = problems({ PORT: 'abc', SLACK_API_URL: 'not a url', DATABASE_URL: 'mysql://x' });
    expect(en.split('\n')[0]).toBe('invalid configuration (3 problems):');
    expect(en).toContain('  - SLACK_API_URL: an http(s) URL (got a string)');
  });

  it("takes the language from a Chinese LANG, or from the settings file's own language", () => {
    expect(problems({ LANG: 'zh_CN.UTF-8', PORT: 'abc' })).toMatch(/^配置无效（1 个问题）/);
    const path = settingsFile('language: zh-CN\ntimezone: Mars/Olympus\n');
    const message = problems({ TEND_CONFIG: path, HUBSPOT_API_URL: 'nope' });
    expect(message).toContain(
      'settings.timezone：应为 IANA 时区，例如 Asia/Shanghai（得到的是字符串）',
    );
    expect(message).toContain('HUBSPOT_API_URL：应为 http(s) 网址');
    // TEND_LANG=en wins over the file.
    expect(problems({ TEND_CONFIG: path, TEND_LANG: 'en' })).toContain(
      'settings.timezone: an IANA time zone such as Europe/Berlin (got a string)',
    );
  });

  it('words the refusals of its own in Chinese: a missing file, the local workspace, the model', () => {
    const message = problems({
      TEND_LANG: 'zh-CN',
      TEND_CONFIG: '/nonexistent/tend.yaml',
      TEND_LOCAL_WORKSPACE: 'on',
      HOST: '0.0.0.0',
      TEND_LLM_URL: 'http://127.0.0.1:9/v1',
    });
    expect(message).toContain('TEND_CONFIG：无法读取 /nonexistent/tend.yaml（ENOENT）');
    expect(message).toContain("TEND_LOCAL_WORKSPACE：拒绝 'on'，因为HOST 为 0.0.0.0，不是回环地址");
    expect(message).toContain('TEND_LLM_URL 和 TEND_LLM_MODEL：要使用语言模型就两个都设置');
  });
});
