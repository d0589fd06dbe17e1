import { type Kysely, sql } from 'kysely';

// Frozen once landed. /stats's time to first touch (issue 14) needs, for every alert fired in
// the period, the time of its first event. Read per alert that was one index descent each:
// about a second of a /stats team 90d at 20,000 accounts. Kept on the alert instead, by a
// trigger on alert_events, so it stays right however events are written, moved or deleted
// (an erase, a cascade). Backfilled from the events already there.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table alerts add column first_event_at timestamptz`.execute(db);
  await sql`
    update alerts al set first_event_at = e.first
    from (select alert_id, min(at) as first from alert_events group by alert_id) e
    where e.alert_id = al.id`.execute(db);
  await sql`
    create function alerts_first_event() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update alerts set first_event_at =
          (select min(e.at) from alert_events e where e.alert_id = old.alert_id)
        where id = old.alert_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        update alerts set first_event_at = new.at
        where id = new.alert_id and (first_event_at is null or first_event_at > new.at);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger alert_events_first_event
    after insert or delete or update of alert_id, at on alert_events
    for each row execute function alerts_first_event()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists alert_events_first_event on alert_events`.execute(db);
  await sql`drop function if exists alerts_first_event()`.execute(db);
  await sql`alter table alerts drop column if exists first_event_at`.execute(db);
}
