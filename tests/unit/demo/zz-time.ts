import { recomputeHealth } from '../../../src/app/health-recompute';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { openDatabase } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { generateDemo } from '../../../src/domain/demo';
import { createLogger } from '../../../src/log';
import { insertDemoData } from '../../../src/store/demo';

const t0 = performance.now();
const h = await openDatabase({ kind: 'embedded', dataDir: null });
await migrateToLatest(h.db);
const t1 = performance.now();
const data = generateDemo({ accounts: 200, days: 180, seed: 42, today: '2026-11-23' });
const t2 = performance.now();
await h.db.transaction().execute((trx) => insertDemoData(trx, data));
const t3 = performance.now();
const ctx = {
  db: h.db,
  config: loadConfig({}),
  clock: fixedClock('2026-11-23T10:00:00Z'),
  log: createLogger('silent'),
};
await recomputeHealth(ctx, { day: '2026-11-23', backfillDays: 0 });
const t4 = performance.now();
await recomputeHealth(ctx, { day: '2026-11-23', backfillDays: 20 });
const t5 = performance.now();
console.log({
  open: t1 - t0,
  gen: t2 - t1,
  insert: t3 - t2,
  recompute1: t4 - t3,
  recompute21: t5 - t4,
});
await h.close();
