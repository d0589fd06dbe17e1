import { type Kysely, sql } from 'kysely';

// Frozen once landed. /stats reads each kind of record over one span (two periods) by the
// instant or day that puts it in a period. Without an index on most of those columns every
// statement scanned its whole table (alerts, follow-ups, survey answers and loops: a year of
// history to read half of it); with one that also carries the few columns the aggregate reads
// (INCLUDE), each becomes an index-only range scan of the span's rows (issue 14).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists alerts_fired_at`.execute(db);
  await sql`create index alerts_fired_at on alerts (fired_at)
    include (acknowledged_at, resolved_at, first_event_at, account_id)`.execute(db);
  // Acknowledged (or resolved unacknowledged) in a period: the instant the figure counts by.
  await sql`create index alerts_acknowledged_by_at on alerts ((coalesce(acknowledged_at, resolved_at)))
    include (acknowledged_at, resolved_at, account_id)`.execute(db);
  await sql`create index alerts_resolved_at on alerts (resolved_at) include (account_id)
    where resolved_at is not null`.execute(db);
  await sql`create index follow_ups_due_on on follow_ups (due_on) include (done_at, account_id)
    where due_on is not null`.execute(db);
  await sql`create index follow_ups_done_at on follow_ups (done_at) include (due_on, account_id)
    where done_at is not null`.execute(db);
  await sql`create index survey_answers_answered_on on survey_answers (answered_on)
    include (kind, score, account_id)`.execute(db);
  await sql`create index survey_loops_due_at on survey_loops (due_at)
    include (closed_at, account_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'survey_loops_due_at',
    'survey_answers_answered_on',
    'follow_ups_done_at',
    'follow_ups_due_on',
    'alerts_resolved_at',
    'alerts_acknowledged_by_at',
  ]) {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  }
  await sql`drop index if exists alerts_fired_at`.execute(db);
  await sql`create index alerts_fired_at on alerts (fired_at)`.execute(db);
}
