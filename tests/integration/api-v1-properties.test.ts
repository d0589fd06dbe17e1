import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys';
import type { AppContext } from '../../src/app/context';
import { ingestBatch } from '../../src/app/ingest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { ENTITY_NAMES, usageRow } from '../../src/domain/ingest';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';

const goodUsage = { account_external_id: 'acme', day: '2026-11-19', active_users: 3 };

// A valid row with one field replaced by junk, removed, or an unknown field added. Some of
// those edits leave a valid row (dropping the optional seats, seats: 5), so rows the schema
// accepts are filtered out: every row generated here must really be bad.
const brokenRow = fc
  .tuple(
    fc.constantFrom('account_external_id', 'day', 'active_users', 'seats', 'bogus'),
    fc.oneof(
      fc.constant(undefined),
      fc.jsonValue(),
      fc.constantFrom(-1, 1e20, 2 ** 31, 1.5, Number.MAX_SAFE_INTEGER, '9999-12-31', 'ghost'),
      fc.string(),
    ),
  )
  .map(([field, value]) => {
    const row: Record<string, unknown> = { ...goodUsage, [field]: value };
    if (value === undefined) delete row[field];
    return row;
  })
  .filter((row) => !usageRow.safeParse(row).success || row.account_external_id !== 'acme');

describeEachDatabase('ingestion API under random malformed input', (get) => {
  let server: HttpServer;
  let base: string;
  let key: string;
  let ctx: AppContext;
  const written = async () =>
    Number(
      (
        await sql<{ n: number }>`select (select count(*) from usage_daily)
          + (select count(*) from tickets) + (select count(*) from survey_answers)
          + (select count(*) from accounts) - 1 as n`.execute(ctx.db)
      ).rows[0]?.n,
    );

  beforeAll(async () => {
    ctx = {
      db: get().db,
      config: loadConfig({}),
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
    await ingestBatch(ctx, 'accounts', [{ external_id: 'acme', name: 'Acme' }]);
    server = createHttpServer(apiV1Routes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
    key = (await createApiKey(ctx, 'prop')).key;
  });
  afterAll(() => server.close());

  it('never writes a row and never answers 5xx for a batch with a bad row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENTITY_NAMES),
        fc.array(fc.oneof(fc.constant(goodUsage), fc.jsonValue()), { maxLength: 5 }),
        fc.array(brokenRow, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        async (entity, others, broken, seed) => {
          const rows = [...others, ...broken];
          // Shuffle deterministically so bad rows are not always last.
          rows.sort(
            (a, b) =>
              ((JSON.stringify(a).length * seed) % 7) - ((JSON.stringify(b).length * seed) % 7),
          );
          const response = await fetch(`${base}/api/v1/${entity}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ rows }),
          });
          expect(response.status).toBeLessThan(500);
          if (entity === 'usage') expect(response.status).toBe(422);
          // 'accounts' may accept a row that happens to be a valid account; undo it.
          if (response.status === 200) {
            await sql`delete from accounts where external_id <> 'acme'`.execute(ctx.db);
          }
          expect(await written()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('answers 4xx to any body that is not a JSON batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
        async (body, type) => {
          const response = await fetch(`${base}/api/v1/usage`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': type },
            body,
          });
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(500);
          expect(await written()).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
