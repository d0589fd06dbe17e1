import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { PlaybookRun, PlaybookStep } from '../db/tables/playbooks';

/** A run to start: the playbook at its version, for one occurrence, with its steps planned. */
export interface RunStart {
  accountId: number;
  playbook: string;
  version: number;
  title: string;
  trigger: string;
  occurrence: string;
  startedBy: string | null;
  steps: { position: number; title: string; ownerEmail: string | null; dueOn: string }[];
}

/**
 * Starts the runs that do not exist yet, in two statements whatever their number: the runs
 * (the unique (playbook, account, occurrence) key with ON CONFLICT DO NOTHING: a second call,
 * or another replica at the same moment, starts nothing) and the steps of those just started.
 * Returns the ids of the runs this call started.
 */
export async function startRuns(db: Db, starts: readonly RunStart[], now: Date): Promise<number[]> {
  if (starts.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    playbook: string;
    account_id: number;
    occurrence: string;
  }>`
    insert into playbook_runs (account_id, playbook, version, title, trigger, occurrence,
      started_by, started_at)
    select *, ${now}::timestamptz from unnest(
      ${starts.map((s) => s.accountId)}::int8[], ${starts.map((s) => s.playbook)}::text[],
      ${starts.map((s) => s.version)}::int4[], ${starts.map((s) => s.title)}::text[],
      ${starts.map((s) => s.trigger)}::text[], ${starts.map((s) => s.occurrence)}::text[],
      ${starts.map((s) => s.startedBy)}::text[])
    on conflict (playbook, account_id, occurrence) do nothing
    returning id, playbook, account_id, occurrence`.execute(db);
  if (rows.length === 0) return [];
  const key = (p: string, a: number, o: string) => `${p}\n${a}\n${o}`;
  const byKey = new Map(starts.map((s) => [key(s.playbook, s.accountId, s.occurrence), s]));
  const cols = {
    run: [] as number[],
    account: [] as number[],
    position: [] as number[],
    title: [] as string[],
    owner: [] as (string | null)[],
    due: [] as string[],
  };
  for (const r of rows) {
    const s = byKey.get(key(r.playbook, Number(r.account_id), r.occurrence));
    for (const step of s?.steps ?? []) {
      cols.run.push(r.id);
      cols.account.push(Number(r.account_id));
      cols.position.push(step.position);
      cols.title.push(step.title);
      cols.owner.push(step.ownerEmail);
      cols.due.push(step.dueOn);
    }
  }
  if (cols.run.length > 0) {
    await sql`insert into playbook_steps (run_id, account_id, position, title, owner_email, due_on)
      select * from unnest(${cols.run}::int8[], ${cols.account}::int8[], ${cols.position}::int4[],
        ${cols.title}::text[], ${cols.owner}::text[], ${cols.due}::date[])`.execute(db);
  }
  return rows.map((r) => r.id);
}

/** A run with what its checklist card shows. */
export interface RunView extends PlaybookRun {
  account_name: string;
  owner_email: string | null;
  segment: string | null;
  tier: string | null;
  arr: number | null;
  slack_channel: string | null;
  teams_channel: string | null;
  steps: PlaybookStep[];
}

export async function runsById(db: Db, ids: readonly number[]): Promise<RunView[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Omit<RunView, 'steps'>>`
    select r.*, a.name as account_name, a.owner_email, a.segment, a.tier, a.arr,
      a.slack_channel, a.teams_channel
    from playbook_runs r join accounts a on a.id = r.account_id
    where r.id = any(${[...ids]}::bigint[]) order by r.id`.execute(db);
  const steps = await db
    .selectFrom('playbook_steps')
    .selectAll()
    .where('run_id', 'in', [...ids])
    .orderBy('run_id')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ ...r, steps: steps.filter((s) => s.run_id === r.id) }));
}

export async function getRun(db: Db, id: number): Promise<RunView | undefined> {
  return (await runsById(db, [id]))[0];
}

/**
 * Ticks a step, once (the first tick stands; a second click says who ticked it), under a lock
 * on its run so two ticks at once both count toward completing it. Null: no such step.
 */
export async function tickStep(
  db: Db,
  stepId: number,
  by: string,
  at: Date,
): Promise<{ runId: number; ticked: boolean } | null> {
  const step = await db
    .selectFrom('playbook_steps')
    .select(['run_id'])
    .where('id', '=', stepId)
    .executeTakeFirst();
  if (!step) return null;
  await db
    .selectFrom('playbook_runs')
    .select('id')
    .where('id', '=', step.run_id)
    .forUpdate()
    .execute();
  const ticked = await db
    .updateTable('playbook_steps')
    .set({ done_at: at, done_by: by })
    .where('id', '=', stepId)
    .where('done_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (ticked) {
    await sql`update playbook_runs set completed_at = ${at}
      where id = ${step.run_id} and completed_at is null
        and not exists (select 1 from playbook_steps where run_id = ${step.run_id}
          and done_at is null)`.execute(db);
  }
  return { runId: step.run_id, ticked: ticked !== undefined };
}

/** An account's running playbooks with their progress, oldest first (the account card). */
export async function progressOf(
  db: Db,
  accountId: number,
): Promise<{ runId: number; title: string; done: number; total: number }[]> {
  const { rows } = await sql<{ id: number; title: string; done: number; total: number }>`
    select r.id, r.title, count(s.done_at)::int as done, count(s.id)::int as total
    from playbook_runs r left join playbook_steps s on s.run_id = r.id
    where r.account_id = ${accountId} and r.completed_at is null
    group by r.id order by r.started_at, r.id`.execute(db);
  return rows.map((r) => ({ runId: r.id, title: r.title, done: r.done, total: r.total }));
}

/** What the job needs of an account to decide and plan a run. */
export interface Candidate {
  id: number;
  tier: string | null;
  segment: string | null;
  arr: number | null;
  owner_email: string | null;
  renewal_date: string | null;
  /** The occurrence this candidate is for (a renewal date, a day and band, 'new'). */
  occurrence: string;
}

/** A candidate for one playbook whose run for that occurrence does not exist yet. */
export interface PlaybookCandidate extends Candidate {
  playbook: string;
}

const ACCOUNT_COLUMNS = sql`a.id, a.tier, a.segment, a.arr, a.owner_email, a.renewal_date::text`;

/** The state triggers of the settings' playbooks, by type (see stateCandidates). */
export interface StateTriggers {
  renewal: readonly { name: string; daysBefore: number }[];
  fresh: readonly { name: string; withinDays: number }[];
  band: readonly { name: string; to: string }[];
}

type Fragment = ReturnType<typeof sql>;

/**
 * Renewal windows and new accounts, from one scan of the active accounts (the widest window
 * of each type filters the scan; each account then pairs with the playbooks whose own window
 * it is in). Renewals are keyed `renewal:<date>` (a renewal moved to next year is a new
 * occurrence), a new account 'new'; an account starts from its contract, else when added.
 */
function accountBranch(today: string, t: StateTriggers): Fragment | null {
  const started = sql`coalesce(a.contract_start, a.created_at::date)`;
  const inRenewal = (days: Fragment) =>
    sql`(a.renewal_date >= ${today}::date and a.renewal_date <= ${today}::date + ${days})`;
  const isNew = (days: Fragment) =>
    sql`(${started} > ${today}::date - ${days} and ${started} <= ${today}::date)`;
  const widest: Fragment[] = [];
  if (t.renewal.length > 0) {
    widest.push(inRenewal(sql`${Math.max(...t.renewal.map((p) => p.daysBefore))}::int`));
  }
  if (t.fresh.length > 0) {
    widest.push(isNew(sql`${Math.max(...t.fresh.map((p) => p.withinDays))}::int`));
  }
  if (widest.length === 0) return null;
  const kinds = [...t.renewal.map(() => 'renewal'), ...t.fresh.map(() => 'new')];
  return sql`
    select ${ACCOUNT_COLUMNS}, p.playbook, p.occurrence
    from accounts a
    cross join lateral (
      select p.name as playbook,
        case p.kind when 'renewal' then 'renewal:' || a.renewal_date::text else 'new' end
          as occurrence
      from unnest(${[...t.renewal, ...t.fresh].map((p) => p.name)}::text[], ${kinds}::text[],
        ${[...t.renewal.map((p) => p.daysBefore), ...t.fresh.map((p) => p.withinDays)]}::int[])
        as p(name, kind, days)
      where (p.kind = 'renewal' and ${inRenewal(sql`p.days`)})
        or (p.kind = 'new' and ${isNew(sql`p.days`)})
      -- A fence: joined flat, the planner may scan the accounts once per playbook.
      offset 0) p
    where a.status = 'active' and (${sql.join(widest, sql` or `)})`;
}

/**
 * Band changes: active accounts whose band on `today` differs from their latest band before
 * it and is a band-change playbook's target, keyed `band:<day>:<band>`. One pass over today's
 * snapshots in the target bands.
 */
function bandBranch(today: string, t: StateTriggers): Fragment | null {
  if (t.band.length === 0) return null;
  return sql`
    select ${ACCOUNT_COLUMNS}, p.name as playbook,
      'band:' || ${today}::text || ':' || s.band as occurrence
    from health_snapshots s
    join unnest(${t.band.map((p) => p.name)}::text[], ${t.band.map((p) => p.to)}::text[])
      as p(name, band) on p.band = s.band
    join accounts a on a.id = s.account_id and a.status = 'active'
    join lateral (select h.band from health_snapshots h
      where h.account_id = s.account_id and h.day < s.day and h.band is not null
      order by h.day desc limit 1) prev on true
    where s.day = ${today}::date and s.band <> prev.band`;
}

/**
 * Every (playbook, account, occurrence) a state trigger (renewal window, new account, band
 * change) holds on `today` that has no run yet, in ONE statement whatever the number of
 * playbooks: the trigger sources as a UNION ALL, then the anti-join on the runs' unique key
 * (playbook, account, occurrence). A steady-state run (every occurrence started) reads the
 * accounts once and returns nothing; the job's cost is about one pass over the accounts.
 */
export async function stateCandidates(
  db: Db,
  today: string,
  triggers: StateTriggers,
): Promise<PlaybookCandidate[]> {
  const branches = [accountBranch(today, triggers), bandBranch(today, triggers)].filter(
    (b): b is Fragment => b !== null,
  );
  if (branches.length === 0) return [];
  const { rows } = await sql<PlaybookCandidate>`
    with k as (${sql.join(branches, sql` union all `)})
    select k.* from k where not exists (select 1 from playbook_runs r
      where r.playbook = k.playbook and r.account_id = k.id and r.occurrence = k.occurrence)
  `.execute(db);
  return rows;
}

/** Accounts by id with what a run's plan needs (the event-driven and manual starts). */
export async function candidatesById(db: Db, ids: readonly number[]): Promise<Candidate[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Candidate>`
    select ${ACCOUNT_COLUMNS}, '' as occurrence from accounts a
    where a.id = any(${[...ids]}::bigint[])`.execute(db);
  return rows;
}

/** Every run an account ever had, oldest first, with its steps (for the API's export). */
export async function runsOfAccount(db: Db, accountId: number): Promise<RunView[]> {
  const ids = await db
    .selectFrom('playbook_runs')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return runsById(
    db,
    ids.map((r) => r.id),
  );
}
