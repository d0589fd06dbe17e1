import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { createApiKey } from '../../../src/app/api-keys';
import type { AppContext } from '../../../src/app/context';
import { ingestBatch } from '../../../src/app/ingest';
import { RULE_CHECK_DEBOUNCE_MS, runRuleChecks } from '../../../src/app/rule-checks';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { startSignalPoller } from '../../../src/jobs/signal-poller';
import { silentLogger } from '../../../src/log';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import {
  jobsContext,
  type MovableClock,
  movableClock,
  replicaHandles,
} from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';

const TODAY = '2026-11-23';
const AT = '2026-11-23T10:00:00Z';

describeEachDatabase('fresh signals: rules for the accounts an ingest touched', (get, kind) => {
  let clock: MovableClock;
  let ctx: AppContext;
  let server: HttpServer;
  let base: string;
  let key: string;

  beforeAll(async () => {
    clock = movableClock(AT);
    ctx = jobsContext(get().db, clock);
    server = createHttpServer(apiV1Routes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await truncateAll(get());
    clock.set(AT);
    key = (await createApiKey(ctx, 'test')).key;
  });

  const post = async (path: string, rows: unknown[]) => {
    const res = await fetch(`${base}/api/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
    });
    expect(res.status).toBe(200);
    return res.json();
  };
  const detractor = (account: string, n: number) => ({
    external_id: `nps-${account}-${n}`,
    account_external_id: account,
    kind: 'nps',
    score: 2,
    respondent: `p${n}@${account}.com`,
    answered_on: TODAY,
  });
  const alerts = () =>
    get().db.selectFrom('alerts').select(['account_id', 'rule']).orderBy('id').execute();
  // Alert cards only: a detractor answer also opens a survey loop, whose card has its own kind.
  const posts = () =>
    get()
      .db.selectFrom('outbox')
      .select(['dedupe_key', 'channel_id'])
      .where('kind', '=', 'alert')
      .orderBy('id')
      .execute();

  it('a detractor answer posted via /api/v1 produces its alert without the risk job; the hourly job does not post it again', async () => {
    const { acme, gamma } = await seedPortfolio(get().db, TODAY);
    await get()
      .db.updateTable('accounts')
      .set({ slack_channel: 'CGAMMA' })
      .where('id', '=', gamma)
      .execute();
    await post('surveys', [detractor('gamma', 1)]);
    // Inside the debounce window nothing is due yet.
    expect(await runRuleChecks(ctx)).toMatchObject({ checked: 0 });
    clock.advance(RULE_CHECK_DEBOUNCE_MS);
    const check = await runRuleChecks(ctx);
    expect(check).toMatchObject({ checked: 1, fired: 1, messages: 1 });
    expect(await alerts()).toEqual([{ account_id: gamma, rule: 'detractor' }]);
    expect((await posts()).map((p) => p.channel_id)).toEqual(['CGAMMA']);
    expect(await runRuleChecks(ctx)).toMatchObject({ checked: 0 });

    clock.advance(3_600_000);
    const hourly = await runRiskJob(ctx);
    // Acme's inactivity is the risk job's own find; gamma's detractor only continues.
    expect(hourly).toMatchObject({ fired: 1, continuing: 1 });
    expect(await alerts()).toEqual([
      { account_id: gamma, rule: 'detractor' },
      { account_id: acme, rule: 'inactivity' },
    ]);
    expect((await posts()).map((p) => p.channel_id)).toEqual(['CGAMMA', 'CACME']);
  });

  it('a burst of batches for one account is one check; a batch that changes nothing queues none', async () => {
    const { gamma } = await seedPortfolio(get().db, TODAY);
    for (let n = 1; n <= 5; n++) {
      await post('surveys', [detractor('gamma', n)]);
      clock.advance(2_000);
    }
    const queued = await get().db.selectFrom('pending_rule_checks').selectAll().execute();
    expect(queued.map((q) => Number(q.account_id))).toEqual([gamma]);
    // The first batch set the due time; later ones did not push it back.
    expect(queued[0]?.due_at.toISOString()).toBe(
      new Date(new Date(AT).getTime() + RULE_CHECK_DEBOUNCE_MS).toISOString(),
    );
    clock.advance(RULE_CHECK_DEBOUNCE_MS);
    expect(await runRuleChecks(ctx)).toMatchObject({ checked: 1, fired: 1 });
    await post('surveys', [detractor('gamma', 5)]);
    expect(await get().db.selectFrom('pending_rule_checks').selectAll().execute()).toEqual([]);
  });

  it('an urgent ticket goes through the same queue', async () => {
    const { beta } = await seedPortfolio(get().db, TODAY);
    await post('tickets', [
      {
        external_id: 'T-1',
        account_external_id: 'beta',
        priority: 'urgent',
        status: 'open',
        subject: 'down',
        opened_at: '2026-11-10T09:00:00Z',
      },
    ]);
    clock.advance(RULE_CHECK_DEBOUNCE_MS);
    expect(await runRuleChecks(ctx)).toMatchObject({ checked: 1, fired: 1 });
    expect(await alerts()).toEqual([{ account_id: beta, rule: 'urgent_ticket' }]);
  });

  it('a check that fails is not lost: its row comes back for the next run', async () => {
    const { gamma } = await seedPortfolio(get().db, TODAY);
    await ingestBatch(ctx, 'surveys', [detractor('gamma', 1)]);
    clock.advance(RULE_CHECK_DEBOUNCE_MS);
    // Break the evaluation mid-transaction (after the claim): the claim rolls back with it.
    await sql`alter table alerts add constraint no_detractors check (rule <> 'detractor')`.execute(
      get().db,
    );
    await expect(runRuleChecks(ctx)).rejects.toThrow();
    await sql`alter table alerts drop constraint no_detractors`.execute(get().db);
    const left = await get().db.selectFrom('pending_rule_checks').select('account_id').execute();
    expect(left.map((l) => Number(l.account_id))).toEqual([gamma]);
    expect(await runRuleChecks(ctx)).toMatchObject({ checked: 1, fired: 1 });
  });

  it('the poller between scheduler ticks runs due checks on its own', async () => {
    const { gamma } = await seedPortfolio(get().db, TODAY);
    await ingestBatch(ctx, 'surveys', [detractor('gamma', 1)]);
    clock.advance(RULE_CHECK_DEBOUNCE_MS);
    const poller = startSignalPoller(ctx, 50);
    try {
      await vi.waitFor(async () =>
        expect(await alerts()).toEqual([{ account_id: gamma, rule: 'detractor' }]),
      );
    } finally {
      await poller.stop();
    }
  });

  it('replicas checking while the hourly job runs: each check runs once, each alert fires once', async () => {
    const replicas = await replicaHandles(get(), kind, 3);
    try {
      for (let round = 0; round < 4; round++) {
        await truncateAll(get());
        clock.set(AT);
        await seedPortfolio(get().db, TODAY);
        const names = Array.from({ length: 30 }, (_, i) => `c${round}-${i}`);
        await ingestBatch(
          ctx,
          'accounts',
          names.map((n) => ({ external_id: n, name: n, slack_channel: `C${n}` })),
        );
        await ingestBatch(
          ctx,
          'surveys',
          names.map((n, i) => detractor(n, i)),
        );
        clock.advance(RULE_CHECK_DEBOUNCE_MS);
        const [a, b, c] = replicas.dbs.map((db) => jobsContext(db, clock));
        const [checkA, checkB, hourly] = await Promise.all([
          runRuleChecks(a as AppContext),
          runRuleChecks(b as AppContext),
          runRiskJob(c as AppContext, { recompute: false }),
        ]);
        expect(checkA.checked + checkB.checked).toBe(names.length);
        const fired = await get()
          .db.selectFrom('alerts')
          .select(['account_id', 'rule'])
          .where('rule', '=', 'detractor')
          .execute();
        expect(fired).toHaveLength(names.length);
        expect(checkA.fired + checkB.fired + hourly.fired).toBeGreaterThanOrEqual(names.length);
        const keys = (await posts()).map((p) => p.dedupe_key);
        expect(new Set(keys).size).toBe(keys.length);
        const detractorPosts = await get()
          .db.selectFrom('outbox')
          .innerJoin('alerts', 'alerts.id', 'outbox.alert_id')
          .where('alerts.rule', '=', 'detractor')
          .select('outbox.id')
          .execute();
        expect(detractorPosts).toHaveLength(names.length);
      }
    } finally {
      await replicas.close();
    }
  });
});
