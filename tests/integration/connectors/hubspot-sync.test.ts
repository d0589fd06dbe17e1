import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context';
import { problemText, syncHubspot } from '../../../src/app/hubspot-sync';
import { ingestBatch } from '../../../src/app/ingest';
import { jobStatus } from '../../../src/app/job-status';
import { syncCommand } from '../../../src/cli/sync';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { allJobs } from '../../../src/jobs/definitions';
import { runJobNow } from '../../../src/jobs/run-by-hand';
import { silentLogger } from '../../../src/log';
import { settingsSchema } from '../../../src/settings';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { startHubspotStandIn } from '../../helpers/hubspot-stand-in';

const TOKEN = 'pat-na1-00000000-0000-0000-0000-000000000000';

describeEachDatabase('HubSpot sync with @hubspot/api-client against a stand-in', (get) => {
  let hubspot: Awaited<ReturnType<typeof startHubspotStandIn>>;
  let ctx: AppContext;

  beforeAll(async () => {
    hubspot = await startHubspotStandIn(TOKEN);
    ctx = {
      db: get().db,
      config: {
        ...loadConfig({ HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_URL: hubspot.url }),
        settings: settingsSchema.parse({
          connectors: {
            hubspot: {
              properties: {
                externalId: 'tend_account_id',
                arr: 'arr',
                renewalDate: 'contract_renewal',
              },
            },
          },
        }),
      },
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
  });
  afterAll(() => hubspot.close());
  beforeEach(async () => {
    await truncateAll(get());
    hubspot.companies.clear();
    hubspot.owners.length = 0;
    hubspot.searches.length = 0;
  });

  const minute = (n: number) => new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString();
  const seedCompanies = (n: number) => {
    hubspot.owners.push({ id: '9001', email: 'dana@tend.example' });
    for (let i = 1; i <= n; i++) {
      hubspot.put({
        id: String(1000 + i),
        modified: minute(i),
        properties: {
          tend_account_id: `acc-${i}`,
          name: `Company ${i}`,
          domain: `c${i}.example`,
          arr: String(i * 1000),
          hubspot_owner_id: '9001',
          contract_renewal: i % 2 ? '2027-03-01' : '1803945600000',
        },
      });
    }
  };
  const account = (id: string) =>
    ctx.db
      .selectFrom('accounts')
      .select(['name', 'domain', 'arr', 'owner_email', 'renewal_date', 'slack_channel'])
      .where('external_id', '=', id)
      .executeTakeFirst();

  it('reads every company over pages, maps the configured properties, keeps other fields', async () => {
    seedCompanies(250);
    await ingestBatch(ctx, 'accounts', [
      { external_id: 'acc-2', name: 'Old name', slack_channel: '#acc-2' },
    ]);
    const report = await syncHubspot(ctx);
    expect(report).toMatchObject({ read: 250, written: 250, rejected: 0, cursor: minute(250) });
    expect(hubspot.searches.map((s) => s.after)).toEqual([null, '100', '200']);
    expect(await account('acc-1')).toEqual({
      name: 'Company 1',
      domain: 'c1.example',
      arr: 1000,
      owner_email: 'dana@tend.example',
      renewal_date: '2027-03-01',
      slack_channel: null,
    });
    // An epoch-milliseconds date (a datetime property) becomes its day; Tend's own field stays.
    expect(await account('acc-2')).toMatchObject({
      name: 'Company 2',
      renewal_date: '2027-03-02',
      slack_channel: '#acc-2',
    });
  });

  it('is incremental by hs_lastmodifieddate: the next run asks only from its cursor', async () => {
    seedCompanies(30);
    await syncHubspot(ctx);
    hubspot.searches.length = 0;
    const five = hubspot.companies.get('1005');
    if (!five) throw new Error('company 1005 missing');
    hubspot.put({
      ...five,
      modified: minute(100),
      properties: { ...five.properties, name: 'Renamed' },
    });
    const again = await syncHubspot(ctx);
    expect(hubspot.searches[0]?.filters).toEqual([
      {
        propertyName: 'hs_lastmodifieddate',
        operator: 'GTE',
        value: String(Date.parse(minute(30))),
      },
    ]);
    // The company at the cursor itself is read again (inclusive) and changes nothing.
    expect(again).toMatchObject({ read: 2, written: 1, cursor: minute(100) });
    expect(await account('acc-5')).toMatchObject({ name: 'Renamed' });
  });

  it('a failure midway keeps the pages stored and resumes after the last one', async () => {
    seedCompanies(250);
    // Page 1 is stored, the search for page 2 fails with a 500.
    hubspot.failSearch(2, 500);
    await expect(syncHubspot(ctx)).rejects.toThrow(/HubSpot answered 500/);
    const state = await jobStatus(ctx);
    const hs = state.connectors.find((c) => c.connector === 'hubspot');
    expect(hs).toMatchObject({ written: 100, cursor: minute(100) });
    expect(hs?.last_error).toMatch(/500/);
    expect(hs?.last_success_at).toBeNull();
    hubspot.searches.length = 0;
    const resumed = await syncHubspot(ctx);
    expect(hubspot.searches[0]?.filters[0]?.value).toBe(String(Date.parse(minute(100))));
    expect(resumed).toMatchObject({ read: 151, written: 150 });
    const after = (await jobStatus(ctx)).connectors.find((c) => c.connector === 'hubspot');
    expect(after?.last_success_at).toEqual(new Date('2026-11-20T10:00:00Z'));
  });

  it('stores the good companies and names the bad ones', async () => {
    seedCompanies(3);
    hubspot.put({
      id: '2001',
      modified: minute(10),
      properties: { tend_account_id: 'bad', name: 'Bad', arr: '-5' },
    });
    hubspot.put({
      id: '2002',
      modified: minute(11),
      properties: { tend_account_id: '', name: 'No id' },
    });
    const report = await syncHubspot(ctx);
    expect(report).toMatchObject({ read: 5, written: 3, rejected: 2 });
    expect(report.problems.map(problemText)).toEqual([
      'company 2001: arr must not be negative',
      'company 2002: tend_account_id is empty: the company cannot be matched to an account',
    ]);
    expect(await account('bad')).toBeUndefined();
    // Run again from the command line in Chinese: the last company (read again, the cursor is
    // inclusive) is named in the reader's language, with the reason.
    const lines: string[] = [];
    const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
    const saved = process.env.TEND_LANG;
    process.env.TEND_LANG = 'zh-CN';
    try {
      await syncCommand.run(['hubspot'], ctx, { ...io, interactive: false, cwd: '/' });
    } finally {
      if (saved === undefined) delete process.env.TEND_LANG;
      else process.env.TEND_LANG = saved;
    }
    expect(lines).toContain('  公司 2002：tend_account_id 为空：无法把该公司对应到客户');
  });

  it('runs as a scheduled job only where a token is set, and refuses a wrong token clearly', async () => {
    seedCompanies(2);
    const job = allJobs().find((j) => j.name === 'hubspot');
    const now = new Date('2026-11-20T10:17:00Z');
    expect(job?.latestSlot(ctx, now)).toEqual(new Date('2026-11-20T10:00:00Z'));
    expect(job?.latestSlot({ ...ctx, config: loadConfig({}) }, now)).toBeNull();
    const run = await runJobNow(ctx, 'hubspot', 'test');
    expect(run.outcome).toMatchObject({ ran: true, summary: { read: 2, written: 2 } });
    const wrong = {
      ...ctx,
      config: { ...ctx.config, env: { ...ctx.config.env, HUBSPOT_ACCESS_TOKEN: 'nope' } },
    };
    await expect(syncHubspot(wrong)).rejects.toThrow(/401.*HUBSPOT_ACCESS_TOKEN/);
  });

  it('validates the property mapping in settings', () => {
    const bad = settingsSchema.safeParse({
      connectors: { hubspot: { properties: { arr: 'Annual Revenue', owner: 'name' } } },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual([
      'connectors.hubspot.properties.arr',
      'connectors.hubspot.properties.owner',
    ]);
  });
});
