import { type Kysely, sql } from 'kysely';

// Frozen once landed. An alert's summary as a code and values (alerts.summary_args, e.g.
// {"key":"usageDown","pct":38}) beside the English `summary`, so every card words it in its
// reader's language; null on rows from before (they keep their English). The account card's
// function (migration 0150's, expansion signals still left out) hands the args with each open
// alert; the rule names are spelled here, as a migration must not depend on app code.

const card = (args: string) => sql`
    create or replace function tend_account_card(p_account bigint, p_history_days int, p_list_size int)
    returns json language plpgsql stable as $fn$
    begin
      return (
        with latest as (
          select day, score, band, measures, drivers, onboarding from health_snapshots
          where account_id = p_account order by day desc limit 1
        )
        select json_build_object(
          'snapshot', (select row_to_json(latest) from latest),
          'history', (
            select coalesce(json_agg(json_build_object('day', h.day, 'score', h.score) order by h.day), '[]')
            from health_snapshots h, latest
            where h.account_id = p_account and h.day >= latest.day - p_history_days
              and h.day <= latest.day),
          'followUps', json_build_object(
            'total', (select count(*) from follow_ups where account_id = p_account and status = 'open'),
            'items', (select coalesce(json_agg(f), '[]') from (
              select id, title as text, due_on as "when", owner_email as who, status as state
              from follow_ups where account_id = p_account and status = 'open'
              order by due_on asc nulls last, id limit p_list_size) f)),
          'alerts', json_build_object(
            'total', (select count(*) from alerts where account_id = p_account and status <> 'resolved'
              and rule not in ('seats_high', 'premium_adopted', 'users_growth')),
            'items', (select coalesce(json_agg(a), '[]') from (
              select id, summary as text${sql.raw(args)}, to_char(fired_at at time zone 'UTC', 'YYYY-MM-DD') as "when",
                coalesce(assignee, acknowledged_by) as who, status as state
              from alerts where account_id = p_account and status <> 'resolved' and rule not in ('seats_high', 'premium_adopted', 'users_growth')
              order by fired_at desc, id desc limit p_list_size) a))
        )
      );
    end
    $fn$`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('alerts').addColumn('summary_args', 'jsonb').execute();
  await card(', summary_args as args').execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await card('').execute(db);
  await db.schema.alterTable('alerts').dropColumn('summary_args').execute();
}
