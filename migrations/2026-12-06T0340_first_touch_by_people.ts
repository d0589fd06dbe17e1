import { type Kysely, sql } from 'kysely';

// Frozen once landed. Time to first touch means the first action a person took on an alert
// (PRODUCT and README: acknowledge, snooze, assign, note, follow-up, resolve). The trigger of
// migration 0140 kept the earliest of all its events, so Tend's own escalation after 24 h (and
// its re-opening on a new signal) counted as a touch: an alert nobody acted on read as
// "touched" when it was escalated. Tend's own events are the ones written with platform
// 'tend'; they no longer count. Recomputed for the alerts already there.

const PEOPLE = `platform <> 'tend'`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function alerts_first_event() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update alerts set first_event_at =
          (select min(e.at) from alert_events e where e.alert_id = old.alert_id
            and e.${sql.raw(PEOPLE)})
        where id = old.alert_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.${sql.raw(PEOPLE)} then
        update alerts set first_event_at = new.at
        where id = new.alert_id and (first_event_at is null or first_event_at > new.at);
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger alert_events_first_event on alert_events`.execute(db);
  await sql`
    create trigger alert_events_first_event
    after insert or delete or update of alert_id, at, platform on alert_events
    for each row execute function alerts_first_event()`.execute(db);
  await sql`
    update alerts al set first_event_at = e.first
    from (select alert_id, min(at) filter (where ${sql.raw(PEOPLE)}) as first
      from alert_events group by alert_id) e
    where e.alert_id = al.id and al.first_event_at is distinct from e.first`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function alerts_first_event() returns trigger language plpgsql as $$
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
  await sql`drop trigger alert_events_first_event on alert_events`.execute(db);
  await sql`
    create trigger alert_events_first_event
    after insert or delete or update of alert_id, at on alert_events
    for each row execute function alerts_first_event()`.execute(db);
  await sql`
    update alerts al set first_event_at = e.first
    from (select alert_id, min(at) as first from alert_events group by alert_id) e
    where e.alert_id = al.id and al.first_event_at is distinct from e.first`.execute(db);
}
