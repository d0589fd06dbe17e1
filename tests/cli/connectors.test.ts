import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, type CliResult, cleanEnv, prepareDataDir, tempDir, tend } from '../helpers/cli';
import { startHubspotStandIn } from '../helpers/hubspot-stand-in';

// `tend sync hubspot` as a user runs it (the real binary, embedded database), against the
// HubSpot stand-in; then `tend jobs status` shows what the connector did.

const TOKEN = 'pat-na1-cli';
let hubspot: Awaited<ReturnType<typeof startHubspotStandIn>>;
let env: Record<string, string>;

/** Async, unlike tend(): the stand-in answers from this process while the child runs. */
function tendAsync(args: string[], extra: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(extra) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  hubspot = await startHubspotStandIn(TOKEN);
  hubspot.owners.push({ id: '77', email: 'omar@tend.example' });
  for (let i = 1; i <= 3; i++) {
    hubspot.put({
      id: String(500 + i),
      modified: `2026-11-0${i}T12:00:00.000Z`,
      properties: { name: `Firm ${i}`, domain: `firm${i}.example`, hubspot_owner_id: '77' },
    });
  }
  hubspot.put({
    id: '599',
    modified: '2026-11-05T12:00:00.000Z',
    properties: { name: 'Broke', annualrevenue: 'lots' },
  });
  const dir = tempDir();
  // From the migrated test image: no initdb in the child.
  await prepareDataDir(dir, async () => {});
  env = {
    TEND_DATA_DIR: dir,
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_API_URL: hubspot.url,
  };
});
afterAll(() => hubspot.close());

it('tend sync hubspot loads companies, names the bad one, and jobs status shows the connector', async () => {
  const sync = await tendAsync(['sync', 'hubspot'], env);
  expect(sync.stdout).toContain('hubspot: 4 companies read, 3 accounts written, 1 not stored');
  expect(sync.stdout).toContain('next sync from 2026-11-05T12:00:00.000Z');
  expect(sync.stderr).toContain('company 599: arr must be a number');
  expect(sync.code).toBe(1);
  const status = tend(['jobs', 'status'], env);
  expect(status.code).toBe(0);
  const line = status.stdout.split('\n').find((l) => l.trim().startsWith('hubspot'));
  expect(line).toMatch(/4 received, 3 written, 0 duplicates, 0 skipped, 1 rejected/);
  expect(line).toMatch(/cursor 2026-11-05T12:00:00.000Z/);
  expect(line).toMatch(/last error .*1 companies not stored: company 599/);
}, 120_000);

it('without a token it says what to set, exit 2', () => {
  const r = tend(['sync', 'hubspot'], { TEND_DATA_DIR: env.TEND_DATA_DIR ?? '' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('HUBSPOT_ACCESS_TOKEN');
}, 60_000);
