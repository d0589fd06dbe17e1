import { type Kysely, sql } from 'kysely';

// Frozen once landed. `/stats team` read every alert fired in both periods and sorted their
// times to acknowledge and to first touch: at 20,000 accounts most of the command's Postgres
// work (issue 14). alert_days keeps, per UTC day, how many alerts fired that day fall in each
// bucket of time to acknowledge (bucket -1: not acknowledged yet) and of time to first touch,
// and how many were acknowledged and resolved that day. /stats sums the whole days of a period
// from it, finds the bucket holding each percentile's ranks, and reads the exact values from
// that bucket's alerts alone (by the two indexes below), so the figures stay exactly what
// percentile_cont over every alert gives.
//
// Triggers on alerts keep it in the transaction that writes the alert, whatever writes it
// (firing, acknowledging, re-opening, an event arriving late that moves first_event_at, a
// purge, the retention prune): per statement, the rows' old contributions are taken off and
// the new ones added, summed per (day, measure, bucket) and applied in key order (so two
// writers lock the rows they share in the same order).

/** Lower bounds of the delay buckets, in seconds (about 15 % apart past a minute). */
const BUCKET_FLOORS = [
  0, 15, 30, 45, 60, 69, 79, 91, 105, 121, 139, 160, 184, 211, 243, 279, 321, 369, 425, 488, 561,
  646, 743, 854, 982, 1129, 1299, 1493, 1718, 1975, 2271, 2612, 3004, 3455, 3973, 4569, 5254, 6042,
  6948, 7991, 9189, 10567, 12153, 13975, 16072, 18483, 21255, 24443, 28110, 32326, 37175, 42751,
  49164, 56539, 65019, 74772, 85988, 98886, 113719, 130777, 150394, 172953, 198896, 228730, 263040,
  302496, 347870, 400051, 460058, 529067, 608427, 699691, 804645, 925342, 1064143, 1223765, 1407329,
  1618429, 1861193, 2140372, 2461428, 2830642, 3255238, 3743524, 4305053, 4950811, 5693432, 6547447,
  7529564, 8658999, 9957849,
];

const ackAt = (r: string) => `coalesce(${r}acknowledged_at, ${r}resolved_at)`;
const bucketOf = (at: string, r: string) =>
  `alert_delay_bucket(date_part('epoch', ${at} - ${r}fired_at))`;
const utcDay = (at: string) => `(${at} at time zone 'UTC')::date`;

/** What each alert row adds to alert_days (n = sign), one row per measure that applies. */
const contributions = (rows: string, sign: number) => `
  select c.day, c.measure, c.bucket, c.n from ${rows} r cross join lateral (values
    (${utcDay('r.fired_at')}, 'ack', coalesce(${bucketOf(ackAt('r.'), 'r.')}, -1), ${sign}),
    (case when r.first_event_at is not null then ${utcDay('r.fired_at')} end, 'touch',
      ${bucketOf('r.first_event_at', 'r.')}, ${sign}),
    (${utcDay(ackAt('r.'))}, 'acknowledged', 0, ${sign}),
    (${utcDay('r.resolved_at')}, 'resolved', 0, ${sign})
  ) c(day, measure, bucket, n)
  where c.day is not null`;

const apply = (deltas: string) => `
  insert into alert_days as t (day, measure, bucket, n)
  select day, measure, bucket, sum(n) from (${deltas}) d
  group by day, measure, bucket having sum(n) <> 0
  order by day, measure, bucket
  on conflict (day, measure, bucket) do update set n = t.n + excluded.n;`;

// An update counts only for rows whose timing columns changed: the daily last_seen_on touch of
// every open alert adds nothing.
const times = (t: string) =>
  ['fired_at', 'acknowledged_at', 'resolved_at', 'first_event_at'].map((c) => t + c).join(', ');
const changed = (from: string, to: string) => `(select x.* from ${from} x where not exists (
    select 1 from ${to} y where y.id = x.id
      and (${times('y.')}) is not distinct from (${times('x.')})))`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create function alert_delay_bucket(seconds double precision) returns integer
    language sql immutable parallel safe
    as $$ select width_bucket(seconds, '{${BUCKET_FLOORS.join(',')}}'::double precision[]) $$`)
    .execute(db);
  await sql`
    create table alert_days (
      day date not null,
      measure text not null check (measure in ('ack', 'touch', 'acknowledged', 'resolved')),
      bucket integer not null,
      n integer not null,
      primary key (day, measure, bucket)
    )`.execute(db);
  await sql.raw(apply(contributions('alerts', 1))).execute(db);

  await sql
    .raw(`
    create function alert_days_keep() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        ${apply(contributions('new_rows', 1))}
      elsif tg_op = 'DELETE' then
        ${apply(contributions('old_rows', -1))}
      else
        ${apply(`${contributions(changed('new_rows', 'old_rows'), 1)}
          union all ${contributions(changed('old_rows', 'new_rows'), -1)}`)}
      end if;
      return null;
    end $$`)
    .execute(db);
  // A transition table may only belong to a trigger of one event kind that has it: three.
  await sql`
    create trigger alerts_days_insert after insert on alerts
    referencing new table as new_rows
    for each statement execute function alert_days_keep()`.execute(db);
  await sql`
    create trigger alerts_days_update after update on alerts
    referencing old table as old_rows new table as new_rows
    for each statement execute function alert_days_keep()`.execute(db);
  await sql`
    create trigger alerts_days_delete after delete on alerts
    referencing old table as old_rows
    for each statement execute function alert_days_keep()`.execute(db);
  // TRUNCATE fires no row triggers: the rollup goes with the table.
  await sql`
    create function alert_days_clear() returns trigger language plpgsql as $$
    begin
      delete from alert_days;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger alerts_days_truncate after truncate on alerts
    for each statement execute function alert_days_clear()`.execute(db);

  // The second pass: the alerts of one bucket fired in a period, in the order of their times.
  await sql
    .raw(`
    create index alerts_ack_bucket
    on alerts ((${bucketOf(ackAt(''), '')}), fired_at)
    include (acknowledged_at, resolved_at)
    where ${ackAt('')} is not null`)
    .execute(db);
  await sql
    .raw(`
    create index alerts_touch_bucket
    on alerts ((${bucketOf('first_event_at', '')}), fired_at)
    include (first_event_at)
    where first_event_at is not null`)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists alerts_touch_bucket`.execute(db);
  await sql`drop index if exists alerts_ack_bucket`.execute(db);
  for (const t of ['insert', 'update', 'delete', 'truncate']) {
    await sql`drop trigger if exists ${sql.raw(`alerts_days_${t}`)} on alerts`.execute(db);
  }
  await sql`drop function if exists alert_days_clear()`.execute(db);
  await sql`drop function if exists alert_days_keep()`.execute(db);
  await sql`drop table if exists alert_days`.execute(db);
  await sql`drop function if exists alert_delay_bucket(double precision)`.execute(db);
}
