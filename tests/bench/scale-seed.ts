// The scale bench's seed, in a process of its own (scale.ts spawns it): generating 200,000
// demo accounts peaks near 2 GB of heap, and in the app's process that garbage would sit in
// every later step's RSS and GC pauses, which a running Tend (seeded long before) never has.
// Usage: node --import tsx tests/bench/scale-seed.ts <url> <accounts> <days> <at>
import { sql } from 'kysely';
import { seedDemo } from '../../src/app/seed';
import { fixedClock } from '../../src/clock';
import { benchDatabase } from './bench-db';

const [url, accounts, days, at] = process.argv.slice(2) as [string, string, string, string];
const { handle, ctx } = await benchDatabase(url);
try {
  const seeded = await seedDemo(
    { ...ctx, clock: fixedClock(at) },
    { accounts: Number(accounts), days: Number(days), seed: 7, historyDays: 1 },
  );
  await sql`analyze`.execute(ctx.db);
  process.stdout.write(`${JSON.stringify({ today: seeded.today, usageRows: seeded.usageRows })}\n`);
} finally {
  await handle.close();
}
