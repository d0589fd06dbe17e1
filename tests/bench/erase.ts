import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context';
import { erasePerson } from '../../src/app/privacy';
import { containsPattern, textColumnsOfEveryTable } from '../../src/store/privacy';
import { BENCH_URL, freshBenchDatabase, median, ms, timed } from './bench-db';
import type { BenchResult } from './figures';

const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const requester = { origin: 'cli' as const, actor: 'cli:bench', place: null };

/** A person named in a handful of rows across tables, as a real erase request finds them. */
async function plantPerson(ctx: AppContext, email: string, userId: string): Promise<void> {
  await sql`insert into chat_users (platform, user_id, email, display_name)
    values ('slack', ${userId}, ${email}, 'Jo')`.execute(ctx.db);
  await sql`insert into survey_answers (external_id, account_id, kind, score, respondent, comment, answered_on)
    values (${`auto:${email}`}, 1, 'nps', 4, ${email}, ${`mail ${email}`}, '2026-11-01')`.execute(
    ctx.db,
  );
  await sql`insert into follow_ups (account_id, title, created_by)
    values (2, ${`call ${email}`}, ${email})`.execute(ctx.db);
  await sql`insert into touchpoints (account_id, kind, text, logged_by, platform, at)
    values (3, 'call', ${`with ${email}`}, ${`slack:${userId}`}, 'slack', now())`.execute(ctx.db);
  await sql`insert into outbox (platform, channel_id, payload, dedupe_key)
    values ('slack', 'C1', ${JSON.stringify({ text: `ask ${email}` })}::jsonb, ${`bench-${userId}`})`.execute(
    ctx.db,
  );
}

/**
 * `npm run bench -- erase [--rows N] [--trials T]`: `tend privacy erase` on a database of about
 * N rows spread over the tables with text (survey answers, follow-ups, touchpoints, outbox,
 * tickets), against the floor of reading every such table once. Two cheaper catch-alls were
 * tried here and dropped (no clear win at 50,000 rows, see the commit that removed them):
 * finding the tables that mention the person first by a whole-row match (0.75×), and one
 * pass per table for the e-mail and chat ids together (1.00–1.09×).
 */
export async function main(args: string[]): Promise<BenchResult> {
  const rows = Number(flag(args, '--rows') ?? 50_000);
  const trials = Number(flag(args, '--trials') ?? 3);
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_erase';
  const { handle, ctx } = await freshBenchDatabase(url.toString());
  try {
    const per = Math.ceil(rows / 5);
    const accounts = Math.max(10, Math.ceil(per / 100));
    await sql`insert into accounts (external_id, name, owner_email)
      select 'acct-' || a, 'Account ' || a, 'owner' || (a % 40) || '@tend.test'
      from generate_series(1, ${accounts}::int) a`.execute(ctx.db);
    await sql`insert into survey_answers (external_id, account_id, kind, score, respondent, comment, answered_on)
      select 's-' || i, 1 + i % ${accounts}::int, 'nps', i % 11, 'person' || i || '@customer.test',
        'comment number ' || i || ' about the product', date '2026-01-01' + (i % 300)
      from generate_series(1, ${per}::int) i`.execute(ctx.db);
    await sql`insert into follow_ups (account_id, title, owner_email, created_by)
      select 1 + i % ${accounts}::int, 'follow up ' || i, 'owner' || (i % 40) || '@tend.test', 'cli:ops'
      from generate_series(1, ${per}::int) i`.execute(ctx.db);
    await sql`insert into touchpoints (account_id, kind, text, logged_by, platform, at)
      select 1 + i % ${accounts}::int, 'note', 'talked about renewal ' || i, 'slack:U' || (i % 50), 'slack', now()
      from generate_series(1, ${per}::int) i`.execute(ctx.db);
    await sql`insert into outbox (platform, channel_id, payload, dedupe_key, status)
      select 'slack', 'C' || (i % 30), jsonb_build_object('text', 'alert ' || i, 'blocks',
        jsonb_build_array(jsonb_build_object('type', 'section', 'text', 'owner' || (i % 40) || '@tend.test'))),
        'd-' || i, 'sent'
      from generate_series(1, ${per}::int) i`.execute(ctx.db);
    await sql`insert into tickets (external_id, account_id, priority, status, subject, opened_at)
      select 't-' || i, 1 + i % ${accounts}::int, 'normal', 'open', 'ticket subject ' || i, now()
      from generate_series(1, ${per}::int) i`.execute(ctx.db);
    await sql`analyze`.execute(ctx.db);
    const { rows: total } = await sql<{ n: string }>`
      select (select count(*) from survey_answers) + (select count(*) from follow_ups)
        + (select count(*) from touchpoints) + (select count(*) from outbox)
        + (select count(*) from tickets) + (select count(*) from accounts) as n`.execute(ctx.db);

    const erases: number[] = [];
    const floors: number[] = [];
    let changed = '';
    for (let t = 0; t < trials; t++) {
      const email = `jo${t}@acme.test`;
      await plantPerson(ctx, email, `UJO${t}`);
      // The floor: one scan of every table with text, the whole row against the e-mail: the
      // least any erase must read to find a person.
      const [floor] = await timed(async () => {
        for (const { table } of await textColumnsOfEveryTable(ctx.db)) {
          await sql`select count(*) from ${sql.table(table)} t
            where t::text ilike ${containsPattern(email)}`.execute(ctx.db);
        }
      });
      floors.push(floor);
      const [took, report] = await timed(() => erasePerson(ctx, email, requester));
      erases.push(took);
      changed = Object.entries(report.changed)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    }
    const erase = median(erases);
    const floor = median(floors);
    console.log(`dataset: about ${total[0]?.n} rows; median of ${trials} erases`);
    console.log(`  one erase changed:                        ${changed}`);
    console.log(`  tend privacy erase (one transaction):     ${ms(erase)}`);
    console.log(`  floor (one whole-row scan of each table): ${ms(floor)}`);
    console.log(`  ratio erase / floor:                      ${(erase / floor).toFixed(2)}×`);
    return {
      figures: [
        {
          what: 'privacy erase of one person',
          value: erase,
          unit: 'ms',
          baseline: { what: 'one whole-row scan of each table', value: floor },
          dataset: `about ${total[0]?.n} rows, median of ${trials}`,
        },
      ],
    };
  } finally {
    await handle.close();
  }
}
