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
