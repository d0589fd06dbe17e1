import { existsSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeHealth } from '../../src/app/health-recompute';
import { prepareDataDir, startServe, tempDir, tend } from '../helpers/cli';
import { insertAccount, insertUsage, testContext } from '../helpers/fixtures';

const TODAY = new Date().toISOString().slice(0, 10);

describe('tend health and tend serve through the real binary', () => {
  let dir: string;

  beforeAll(async () => {
    dir = tempDir();
    await prepareDataDir(dir, async (handle) => {
      const db = handle.db;
      const globex = await insertAccount(db, {
        external_id: 'acc-3',
        name: 'Globex',
        domain: 'globex.com',
      });
      await insertAccount(db, { external_id: 'acc-1', name: 'Acme Corp', domain: 'acme.com' });
      await insertAccount(db, { external_id: 'acc-2', name: 'Acme Labs' });
      await insertUsage(db, globex, TODAY, 40, () => ({ active: 70, seats: 100, logins: 150 }));
      await recomputeHealth(testContext(handle, new Date().toISOString()));
    });
  });

  it('prints the card for one match', () => {
    const r = tend(['health', 'globex'], { TEND_DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Globex');
    expect(r.stdout).toMatch(/🟢 \d+ green/);
  });

  it('lists several matches and exits 2', () => {
    const r = tend(['health', 'acme'], { TEND_DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 accounts match "acme"');
    expect(r.stderr).toContain('Acme Corp (acme.com)  [acc-1]');
    expect(r.stderr).toContain('Acme Labs  [acc-2]');
  });

  it('says "did you mean" and exits 2 when nothing matches', () => {
    const r = tend(['health', 'globx'], { TEND_DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no account matches "globx"; did you mean Globex?');
  });

  it('serves /healthz and /readyz, forwards CLI commands while running, stops on SIGTERM', async () => {
    const server = await startServe({ TEND_DATA_DIR: dir });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('tend_outbox_messages{status="pending"}');
      expect(metrics).toContain(
        'tend_http_requests_total{route="/readyz",method="GET",status="200"}',
      );
      // The server holds the embedded database: the CLI goes through its control socket,
      // which only the server's user may open, and which drops a client that sends nothing.
      const socketPath = join(dir, 'tend.sock');
      expect(statSync(socketPath).mode & 0o777).toBe(0o600);
      const silent = connect(socketPath);
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error('silent client kept open')), 15_000);
        silent.once('close', () => {
          clearTimeout(timer);
          done();
        });
        silent.on('error', () => {});
      });
      const forwarded = tend(['health', 'globex'], { TEND_DATA_DIR: dir });
      expect(forwarded.code).toBe(0);
      expect(forwarded.stdout).toContain('Globex');
      const ambiguous = tend(['health', 'acme'], { TEND_DATA_DIR: dir });
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toContain('2 accounts match "acme"');
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(join(dir, 'tend.lock'))).toBe(false);
    // With the server gone the CLI opens the folder itself again.
    expect(tend(['health', 'globex'], { TEND_DATA_DIR: dir }).code).toBe(0);
    // Each step spawns a process: generous on a busy 2-core machine.
  }, 120_000);

  it('refuses a second server on the same data folder', async () => {
    const server = await startServe({ TEND_DATA_DIR: dir });
    try {
      const second = tend(['serve'], { TEND_DATA_DIR: dir, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('is in use by process');
    } finally {
      await server.stop();
    }
  }, 120_000);
});
