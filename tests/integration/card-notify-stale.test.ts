import { type Insertable, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { CARD_CHANNEL } from '../../src/app/card-cache';
import { recomputeHealth } from '../../src/app/health-recompute';
import { ingestBatch } from '../../src/app/ingest';
import type { ChangeFeed } from '../../src/db/change-feed';
import type { AccountsTable } from '../../src/db/tables/accounts';
import { describeEachDatabase, truncateAll } from '../helpers/database';
import { jobsContext, movableClock } from '../helpers/jobs-context';

// Issue 19 (migration 0520): an update of accounts rows that only flips health_stale (ingest
// marking, recompute clearing) notifies nothing; over ~1,500 rows it used to send 'a:*', which
// empties every replica's card cache and reloads every account name. Any other column still
// notifies its ids. Notifications reach a listener in commit order, so a shown-column update
// after the stale-only ones is a sentinel: once it arrives, anything they sent has too.

const TODAY = '2026-11-23';
const MANY = 2_000;

describeEachDatabase('card notifications and the stale flag', (get) => {
  const payloads: string[] = [];
  let feed: ChangeFeed;
  const ctx = () => jobsContext(get().db, movableClock(`${TODAY}T10:00:00Z`));

  beforeAll(async () => {
    let up = false;
    feed = await get().listen(CARD_CHANNEL, {
      message: (p) => payloads.push(p),
      up: () => {
        up = true;
      },
      down: () => {},
    });
    await vi.waitFor(() => expect(up).toBe(true));
  });
  afterAll(async () => {
    await feed.stop();
  });
  beforeEach(async () => {
    await truncateAll(get());
    await vi.waitFor(() => expect(payloads).toContain('a:*'));
    payloads.length = 0;
  });

  /** Renames `id` and waits for its notification: everything sent before it has arrived. */
  const sentinel = async (id: number) => {
    await sql`update accounts set name = name || '!' where id = ${id}`.execute(get().db);
    await vi.waitFor(() => expect(payloads).toContain(`a:${id}`));
    const before = payloads.slice(0, payloads.indexOf(`a:${id}`));
    payloads.length = 0;
    return before;
  };

  it('a stale-flag-only update of many rows notifies nothing; a shown column still does', async () => {
    const accounts = Array.from({ length: MANY }, (_, i) => ({
      external_id: `acct-${i}`,
      name: `Account ${i}`,
    }));
    expect(await ingestBatch(ctx(), 'accounts', accounts)).toMatchObject({ ok: true });
    const { rows } = await sql<{ id: number }>`select id from accounts order by id`.execute(
      get().db,
    );
    const first = Number(rows[0]?.id);
    await sentinel(first);

    // The ingest marking and the recompute clearing, as one statement over every row each.
    await sql`update accounts set health_stale = true where not health_stale`.execute(get().db);
    await sql`update accounts set health_stale = false where health_stale`.execute(get().db);
    expect(await sentinel(first)).toEqual([]);

    // The recompute itself (clears the marks, writes snapshots): only snapshot notifications.
    await sql`update accounts set health_stale = true`.execute(get().db);
    await recomputeHealth(ctx(), { day: TODAY });
    expect((await sentinel(first)).filter((p) => p.startsWith('a:'))).toEqual([]);

    // One statement flipping every flag and renaming one row names just that row.
    const second = Number(rows[1]?.id);
    await sql`update accounts set health_stale = not health_stale,
      name = case when id = ${second} then 'Renamed' else name end`.execute(get().db);
    expect(await sentinel(first)).toEqual([`a:${second}`]);

    // A shown column on every row is still everything.
    await sql`update accounts set tier = 'gold', health_stale = true`.execute(get().db);
    expect(await sentinel(first)).toEqual(['a:*']);
  });

  it('a change to any other column of accounts notifies its id', async () => {
    const insert = async (values: Insertable<AccountsTable>) =>
      (
        await get()
          .db.insertInto('accounts')
          .values(values)
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // Column by column from the catalog, so a column added later without joining the
    // trigger's comparison fails here. Values come from a second row that differs in every
    // column, so each update changes exactly one column whatever its type.
    const a = await insert({
      external_id: 'a',
      name: 'A',
      domain: 'a.com',
      segment: 'smb',
      tier: 'silver',
      arr: 1,
      owner_email: 'a@x.com',
      contract_start: '2024-01-01',
      renewal_date: '2025-01-01',
      slack_channel: 'C1',
      teams_channel: 'T1',
    });
    const b = await insert({
      external_id: 'b',
      name: 'B',
      domain: 'b.com',
      segment: 'ent',
      tier: 'gold',
      arr: 2,
      owner_email: 'b@x.com',
      contract_start: '2024-02-01',
      renewal_date: '2025-02-01',
      slack_channel: 'C2',
      teams_channel: 'T2',
    });
    await sql`update accounts set status = 'churned', health_stale = true,
      created_at = created_at - interval '1 day', updated_at = updated_at - interval '1 day'
      where id = ${b}`.execute(get().db);
    await sentinel(a);
    const { rows } = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = 'accounts'
        and column_name not in ('id', 'health_stale')
      order by ordinal_position`.execute(get().db);
    expect(rows.length).toBeGreaterThan(10);
    for (const { name } of rows) {
      const column = sql.ref(name);
      // external_id is unique: a fresh value instead of b's.
      const value =
        name === 'external_id'
          ? sql`'a-renamed'`
          : sql`(select ${column} from accounts where id = ${b})`;
      await sql`update accounts set ${column} = ${value} where id = ${a}`.execute(get().db);
      await vi.waitFor(() => expect(payloads, name).toContain(`a:${a}`));
      payloads.length = 0;
    }
  });
});
