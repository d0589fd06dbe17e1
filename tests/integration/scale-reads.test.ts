import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { accountCardData } from '../../src/store/account-card-data';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/fixtures';

// Costs that must not grow with the size of the data (migration 0460; `npm run bench -- scale`).
// Counted in pages Postgres reads, not milliseconds, so the tests say the same on a busy machine.

const OTHERS = 10_000;

describeEachDatabase('reads that stay small at any size', (get) => {
  let quiet: number;

  beforeAll(async () => {
    const { db } = get();
    // Many accounts with alerts, open and resolved, fired by one risk run, and no statistics
    // yet (as after a first run): the planner then guesses, and a scan of every alert by time
    // looked cheap.
    await sql`insert into accounts (external_id, name, contract_start)
      select 'other-' || g, 'Other ' || g, '2024-01-01' from generate_series(1, ${OTHERS}::int) g`.execute(
      db,
    );
    // Rows as wide as real ones (findings in details): many heap pages to fetch.
    await sql`insert into alerts (account_id, rule, status, summary, details, fired_at)
      select a.id, r.rule, case when r.n = 0 then 'open' else 'resolved' end, 'usage fell',
        jsonb_build_object('finding', repeat('x', 300)),
        timestamptz '2026-11-23 09:00Z' - make_interval(days => r.n)
      from accounts a,
        (values ('usage_drop', 0), ('usage_drop', 1), ('usage_drop', 2), ('tickets', 0)) r(rule, n)
      where a.external_id like 'other-%'`.execute(db);
    quiet = await insertAccount(db, { external_id: 'quiet', name: 'Quiet Co' });
  });

  it("reads an account's card in a few pages however many alerts other accounts have", async () => {
    const { db } = get();
    // On one connection, the second call: the first also reads the catalog to plan.
    const rows = await db.transaction().execute(async (trx) => {
      await sql`select tend_account_card(${quiet}, 91, 5)`.execute(trx);
      const explained = await sql<{ 'QUERY PLAN': unknown }>`
        explain (analyze, buffers, format json)
        select tend_account_card(${quiet}, 91, 5)`.execute(trx);
      return explained.rows;
    });
    const [explained] = rows[0]!['QUERY PLAN'] as { Plan: Record<string, number> }[];
    const plan = explained!.Plan;
    const pages = (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    // Walking the alerts by time reads every open alert's page: thousands of pages here.
    expect(pages).toBeLessThan(60);
    // And the card itself is right: the account has no alerts.
    const card = await accountCardData(db, quiet, 91, 5);
    expect(card.alerts).toEqual({ total: 0, items: [] });
  });

  it('lists an account its newest open alerts first', async () => {
    const { db } = get();
    const { rows } = await sql<{
      id: number;
    }>`select id from accounts where external_id = 'other-7'`.execute(db);
    const card = await accountCardData(db, Number(rows[0]!.id), 91, 5);
    expect(card.alerts.total).toBe(2);
    expect(card.alerts.items.map((a) => a.text)).toEqual(['usage fell', 'usage fell']);
    const firedDays = card.alerts.items.map((a) => a.when);
    expect(firedDays).toEqual([...firedDays].sort().reverse());
  });
});
