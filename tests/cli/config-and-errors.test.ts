import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tend } from '../helpers/cli';

describe('tend CLI: bad input gets one clear line and a non-zero exit', () => {
  it('refuses a port in use at once, in one line, before seeding anything', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const port = (taken.address() as { port: number }).port;
    const dir = tempDir();
    try {
      const r = tend(['serve'], { PORT: String(port), TEND_DATA_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `tend: port ${port} on 127.0.0.1 is already in use (another Tend, or another program): stop it or set PORT to a free port`,
      );
      expect(r.stdout).toBe('');
      // Checked before the embedded database is created and seeded (which takes seconds): the
      // folder shows it, not a wall clock (a loaded CI machine took 5.1 s for the process).
      expect(existsSync(join(dir, 'pgdata'))).toBe(false);
    } finally {
      await new Promise((ok) => taken.close(ok));
    }
  });

  it('lists every configuration problem in one message, without a stack trace', () => {
    const r = tend(['health', 'acme'], {
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      TEND_DATA_DIR: tempDir(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid configuration (3 problems)');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('LOG_LEVEL');
    expect(r.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('reports wrong types in the settings file with their path', () => {
    const dir = tempDir();
    const file = join(dir, 'tend.yaml');
    writeFileSync(
      file,
      'timezone: Mars/Olympus\nhealth:\n  weights:\n    usage: heavy\nreminders:\n  windows: [90, -1]\n',
    );
    const r = tend(['health', 'acme'], { TEND_CONFIG: file, TEND_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('settings.timezone');
    expect(r.stderr).toContain('settings.health.weights.usage');
    expect(r.stderr).toContain('settings.reminders.windows.1');
  });

  it('says so when the settings file is not valid YAML', () => {
    const dir = tempDir();
    const file = join(dir, 'tend.yaml');
    writeFileSync(file, 'health: [unclosed\n');
    const r = tend(['health', 'acme'], { TEND_CONFIG: file, TEND_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not valid YAML');
  });

  it('fails with one line when DATABASE_URL does not answer', () => {
    const r = tend(['health', 'acme'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot reach the database at postgres://postgres@127.0.0.1:1/none');
  });

  it('refuses a corrupt embedded data folder with a clear line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pgdata'), 'not a database folder');
    const r = tend(['health', 'acme'], { TEND_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open the embedded database');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an unknown command with exit 2', () => {
    const r = tend(['frobnicate'], { TEND_DATA_DIR: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints usage for help', () => {
    const r = tend(['help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tend health <account>');
  });
});
