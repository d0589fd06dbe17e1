import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { accountCardById, healthAnswer } from '../../src/app/account-health';
import { AccountIndex, memoryFeed } from '../../src/app/account-index';
import { lookupAccount } from '../../src/app/account-lookup';
import { CARD_CHANNEL, CardCache } from '../../src/app/card-cache';
import type { AppContext } from '../../src/app/context';
import { logFollowUp } from '../../src/app/follow-ups';
import { recomputeHealth } from '../../src/app/health-recompute';
import { setMilestoneStatus } from '../../src/app/plans';
import type { ChangeFeed } from '../../src/db/change-feed';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { describeEachDatabase, truncateAll } from '../helpers/database';
import { insertAccount, insertUsage } from '../helpers/fixtures';
import { jobsContext, movableClock } from '../helpers/jobs-context';
import { insertMilestone } from '../helpers/plan-fixtures';

const TODAY = '2026-11-23';

interface Replica {
  ctx: AppContext;
  cache: CardCache;
  index: AccountIndex;
  feed: ChangeFeed;
  handle: DatabaseHandle;
}

describeEachDatabase('account cards from memory, coherent across replicas', (get, kind) => {
  const replicas: Replica[] = [];
  const own: DatabaseHandle[] = [];

  beforeAll(async () => {
    // Two replicas: on Postgres two pools (and two LISTEN connections) on the same database;
    // embedded is one connection by nature, so both share it.
    let handles = [get(), get()];
    if (kind === 'postgres' && process.env.TEST_DATABASE_URL) {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
        get().db,
      );
      const url = new URL(process.env.TEST_DATABASE_URL);
      url.pathname = `/${rows[0]?.name}`;
      handles = await Promise.all(
        [0, 1].map(() => openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 })),
      );
      own.push(...handles);
    }
    for (const handle of handles) {
      const cache = new CardCache(100);
      const index = new AccountIndex();
      const feed = await handle.listen(CARD_CHANNEL, memoryFeed([cache, index]));
      const ctx = {
        ...jobsContext(handle.db, movableClock(`${TODAY}T10:00:00Z`)),
        cardCache: cache,
        accountIndex: index,
      };
      replicas.push({ ctx, cache, index, feed, handle });
    }
    await vi.waitFor(() => expect(replicas.every((r) => r.cache.serving)).toBe(true));
  });
  afterAll(async () => {
    for (const r of replicas) await r.feed.stop();
    for (const h of own) await h.close();
  });
  beforeEach(async () => {
    await truncateAll(get());
    // The truncate's notification empties both caches; wait for it so tests start clean.
    await vi.waitFor(() => expect(replicas.every((r) => r.cache.size === 0)).toBe(true));
  });

  const seed = async () => {
    const acme = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    await insertUsage(get().db, acme, TODAY, 30, () => ({ active: 20, seats: 40, logins: 30 }));
    return acme;
  };
  const text = (card: unknown) => JSON.stringify(card);

  it('a follow-up added on one replica appears on the other replica’s next card', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const acme = await seed();
    await vi.waitFor(() => expect(b.cache.size).toBe(0));
    const before = await accountCardById(b.ctx, acme);
    expect(b.cache.get(acme)).toBeDefined();
    // Served from memory now: the same card without reading the database.
    expect(text(await accountCardById(b.ctx, acme))).toBe(text(before));
    expect(text(before)).not.toContain('Call the CFO');

    await logFollowUp(a.ctx, {
      accountId: acme,
      title: 'Call the CFO',
      dueOn: null,
      ownerEmail: null,
      createdBy: 'jane@tend.example',
      source: 'test',
      requestKey: 'fu-1',
    });
    // NOTIFY arrives after the commit: B's next card once it has (milliseconds) shows it.
    await vi.waitFor(async () =>
      expect(text(await accountCardById(b.ctx, acme))).toContain('Call the CFO'),
    );
    // And /health by name (lookup, then the card data) on B too.
    const answer = await healthAnswer(b.ctx, 'Acme Corp');
    expect(text(answer.card)).toContain('Call the CFO');
  });

  it('a milestone ticked on one replica shows in the plan line of the other’s next card', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const acme = await seed();
    // Written straight to plan_milestones (no linked follow-up): only its own trigger notifies.
    const kickoff = await insertMilestone(get().db, acme, {
      title: 'Kickoff',
      dueOn: '2026-12-01',
    });
    // Until the insert's own notification has come, a card read may not be kept: wait until
    // B serves the card from memory.
    await vi.waitFor(async () => {
      expect(text(await accountCardById(b.ctx, acme))).toContain('0/1 milestones done');
      expect(b.cache.get(acme)).toBeDefined();
    });
    await setMilestoneStatus(a.ctx, kickoff, 'done', { by: 'jane@tend.example', source: 'test' });
    await vi.waitFor(async () =>
      expect(text(await accountCardById(b.ctx, acme))).toContain('1/1 milestones done'),
    );
  });

  it('a health recompute on one replica (one statement, many rows) drops the other’s cards', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const acme = await seed();
    await vi.waitFor(() => expect(b.cache.size).toBe(0));
    const before = text(await accountCardById(b.ctx, acme));
    expect(b.cache.get(acme)).toBeDefined();
    await recomputeHealth(a.ctx, { day: TODAY });
    await vi.waitFor(() => expect(b.cache.get(acme)).toBeUndefined());
    expect(text(await accountCardById(b.ctx, acme))).not.toBe(before);
  });

  it('a rename on one replica is what the other’s lookup index finds next', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const acme = await seed();
    await insertAccount(get().db, { external_id: 'acorn', name: 'Acorn Labs' });
    expect(await lookupAccount(b.ctx, 'acme corp')).toMatchObject({
      kind: 'found',
      account: { id: acme },
    });
    await a.ctx.db
      .updateTable('accounts')
      .set({ name: 'Apex Corp' })
      .where('id', '=', acme)
      .execute();
    await vi.waitFor(async () =>
      expect(await lookupAccount(b.ctx, 'apex')).toMatchObject({
        kind: 'found',
        account: { id: acme, name: 'Apex Corp' },
      }),
    );
    expect((await lookupAccount(b.ctx, 'acme corp')).kind).not.toBe('found');
    // Several matches still come from the database, in its order.
    expect(await lookupAccount(b.ctx, 'a')).toMatchObject({ kind: 'ambiguous' });
  });

  it('the index finds a name, a domain or an id by hash, and forgets a renamed account’s old keys', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const acme = await insertAccount(get().db, {
      external_id: 'ACC-1',
      name: 'Acme Corp',
      domain: 'acme.com',
    });
    const twin = await insertAccount(get().db, { external_id: 'acc-2', name: 'Twin Co' });
    const twin2 = await insertAccount(get().db, { external_id: 'acc-3', name: 'twin co' });
    const ids = async (q: string) => {
      const m = await b.index.match(b.ctx.db, q, 5);
      return { exact: m?.exact.map((e) => e.id), partial: m?.partial.map((e) => e.id) };
    };
    await vi.waitFor(async () => expect((await ids('ACME.COM')).exact).toEqual([acme]));
    expect((await ids('  acme corp ')).exact).toEqual([acme]);
    // External ids are matched as typed, like findExact.
    expect((await ids('ACC-1')).exact).toEqual([acme]);
    expect((await ids('acc-1')).exact).toEqual([]);
    expect((await ids('TWIN CO')).exact).toEqual([twin, twin2]);
    expect((await ids('acm')).partial).toEqual([acme]);
    await a.ctx.db
      .updateTable('accounts')
      .set({ name: 'Apex Corp', domain: 'apex.io' })
      .where('id', '=', acme)
      .execute();
    await vi.waitFor(async () => expect((await ids('apex corp')).exact).toEqual([acme]));
    expect(await ids('acme corp')).toEqual({ exact: [], partial: [] });
    expect(await ids('acme.com')).toEqual({ exact: [], partial: [] });
    expect((await ids('apex.io')).exact).toEqual([acme]);
  });

  it.skipIf(kind === 'embedded')(
    'a lost LISTEN connection drops the cache and turns it off until LISTEN is back',
    async () => {
      const [a, b] = replicas as [Replica, Replica];
      const acme = await seed();
      await vi.waitFor(() => expect(b.cache.size).toBe(0));
      await accountCardById(b.ctx, acme);
      expect(b.cache.size).toBe(1);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'tend-listen' and datname = current_database()`.execute(get().db);
      await vi.waitFor(() => expect(b.cache.serving).toBe(false));
      expect(b.cache.size).toBe(0);
      expect(b.index.serving).toBe(false);
      // While off, a write on A is seen at once (B reads the database), never a stale card.
      await logFollowUp(a.ctx, {
        accountId: acme,
        title: 'Send the QBR deck',
        dueOn: null,
        ownerEmail: null,
        createdBy: 'jane@tend.example',
        source: 'test',
        requestKey: 'fu-2',
      });
      if (!b.cache.serving) {
        expect(text(await accountCardById(b.ctx, acme))).toContain('Send the QBR deck');
      }
      await vi.waitFor(() => expect(b.cache.serving).toBe(true), { timeout: 10_000 });
      expect(text(await accountCardById(b.ctx, acme))).toContain('Send the QBR deck');
      expect(b.cache.size).toBe(1);
    },
  );
});
