import { sql } from 'kysely';
import type { Db } from '../../src/db/schema';

/**
 * Seeds `accounts` × `days` of usage in SQL (generate_series), for sizes the JavaScript demo
 * generator cannot reach in reasonable time (200,000 × 180 = 36 M rows). Values are
 * deterministic pseudo-random (hashint4), with a quarter of the accounts declining over the
 * last 30 days, a quarter with an open ticket and half with a survey answer. Usage goes in
 * day by day, as daily ingestion would lay it out; its indexes and foreign key are built
 * after the load, which is what makes tens of millions of rows take minutes, not hours.
 */
export async function seedInSql(
  db: Db,
  o: { accounts: number; days: number; today: string },
): Promise<{ usageRows: number }> {
  const h = (expr: string) => sql.raw(`abs(hashint4((${expr})::int))`);
  await sql`
    insert into accounts (external_id, name, domain, segment, tier, arr, owner_email,
      contract_start, renewal_date)
    select 'bench-' || g, 'Bench Account ' || g, 'bench' || g || '.example', 'mid-market',
      'gold', 1000 + ${h('g')} % 200000, 'csm' || (g % 50) || '@tend.example',
      ${o.today}::date - 100 - (g % 900), ${o.today}::date + (g % 365)
    from generate_series(1, ${o.accounts}::int) g`.execute(db);
  await sql`alter table usage_daily drop constraint usage_daily_pk`.execute(db);
  await sql`drop index usage_daily_day`.execute(db);
  await sql`alter table usage_daily drop constraint usage_daily_account_id_fkey`.execute(db);
  await sql`
    insert into usage_daily (account_id, day, active_users, seats, logins, core_features_used,
      core_features_total)
    select a, ${o.today}::date - d, u, s, u * (1 + ${h('a * 131 + d')} % 4),
      ${h('a * 7 + d')} % 13, 12
    from generate_series(${o.days - 1}::int, 0, -1) d,
      lateral (select a, 5 + ${h('a')} % 100 as s from generate_series(1, ${o.accounts}::int) a) acc,
      lateral (select least(s, (s * ((10 + ${h('a * 3')} % 80)
        * case when a % 4 = 0 and d < 30 then d / 30.0 else 1 end
        * (80 + ${h('a * 31 + d')} % 40)) / 10000)::int) as u) use`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_pk primary key (account_id, day)`.execute(
    db,
  );
  await sql`create index usage_daily_day on usage_daily (day)`.execute(db);
  await sql`alter table usage_daily add constraint usage_daily_account_id_fkey
    foreign key (account_id) references accounts(id) on delete cascade`.execute(db);
  await sql`
    insert into tickets (external_id, account_id, priority, status, subject, opened_at)
    select 'bench-t' || g, g,
      (array['low', 'normal', 'high', 'urgent'])[1 + ${h('g * 5')} % 4], 'open', 'bench',
      ${o.today}::date - (${h('g * 11')} % 20)
    from generate_series(4, ${o.accounts}::int, 4) g`.execute(db);
  await sql`
    insert into survey_answers (external_id, account_id, kind, score, respondent, answered_on)
    select 'bench-s' || g, g, case when g % 6 = 0 then 'csat' else 'nps' end,
      case when g % 6 = 0 then 1 + ${h('g')} % 5 else ${h('g')} % 11 end,
      'person' || g || '@bench.example', ${o.today}::date - (${h('g * 13')} % 150)
    from generate_series(2, ${o.accounts}::int, 2) g`.execute(db);
  const { rows } = await sql<{ n: string }>`select count(*) as n from usage_daily`.execute(db);
  return { usageRows: Number(rows[0]?.n ?? 0) };
}
