import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../src/app/alerts';
import { createApiKey } from '../../src/app/api-keys';
import { verifyAuditLog } from '../../src/app/audit';
import type { AppContext } from '../../src/app/context';
import { ingestBatch } from '../../src/app/ingest';
import {
  type EraseReport,
  erasePerson,
  exportPerson,
  type PersonExport,
} from '../../src/app/privacy';
import { findCommand } from '../../src/cli/commands';
import type { CliIo } from '../../src/cli/io';
import type { Sender } from '../../src/delivery/sender';
import { createOutboxWorker } from '../../src/delivery/worker';
import { TendError } from '../../src/errors';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { appendAudit } from '../../src/store/audit-log';
import { describeEachDatabase } from '../helpers/database';
import { testContext } from '../helpers/fixtures';
import { seedPortfolio } from '../helpers/jobs-fixtures';

const JO = 'Jo.Doe@acme.com';
const jo = JO.toLowerCase();
const requester = { origin: 'cli' as const, actor: 'cli:test', place: '/tmp' };

/**
 * Every text, varchar and json(b) column of every table, from the catalog (a table added later
 * is searched too), with the rows that contain the text anywhere.
 */
async function traces(ctx: AppContext, text: string): Promise<Record<string, number>> {
  const { rows: columns } = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
  }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`.execute(
    ctx.db,
  );
  expect(columns.length).toBeGreaterThan(40);
  const found: Record<string, number> = {};
  for (const c of columns) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(c.table_name)}
      where ${sql.ref(c.column_name)}::text ilike ${`%${text}%`}`.execute(ctx.db);
    const n = rows[0]?.n ?? 0;
    if (n > 0) found[`${c.table_name}.${c.column_name}`] = n;
  }
  return found;
}

const npsOf = async (ctx: AppContext) =>
  (
    await sql<{ n: number; total: number }>`
      select count(*)::int as n, sum(score)::int as total from survey_answers`.execute(ctx.db)
  ).rows[0];

describeEachDatabase('privacy export and erase of a person', (get) => {
  let ctx: AppContext;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    ctx = testContext(get(), '2026-11-23T10:00:00Z');
    await seedPortfolio(ctx.db, '2026-11-23');
    // The respondent answers through the API's use case (the key is built from their e-mail).
    const surveys = await ingestBatch(ctx, 'surveys', [
      {
        account_external_id: 'acme',
        kind: 'nps',
        score: 3,
        respondent: JO,
        comment: `too slow, write to ${JO}`,
        answered_on: '2026-11-22',
      },
      {
        account_external_id: 'acme',
        kind: 'nps',
        score: 9,
        respondent: 'ann@acme.com',
        answered_on: '2026-11-22',
      },
    ]);
    expect(surveys.ok).toBe(true);
    // The risk job opens a detractor alert naming them and posts it; the worker sends it.
    await runRiskJob(ctx);
    await createOutboxWorker(ctx, {
      instance: 't',
      senders: {
        slack: {
          post: async () => ({ messageRef: JSON.stringify({ channel: 'CACME', ts: '1.1' }) }),
          update: async () => {},
        } satisfies Sender,
      },
      sleep: async () => {},
    }).runUntilIdle();
    const acme = await ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', '=', 'acme')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('follow_ups')
      .values({
        account_id: acme.id,
        title: `call ${JO} about the survey`,
        created_by: 'jane@acme.com',
      })
      .execute();
    // They are also a chat user (a customer in a shared channel) who clicked something.
    await ctx.db
      .insertInto('chat_users')
      .values({ platform: 'slack', user_id: 'UJO', email: JO, display_name: 'Jo Doe' })
      .execute();
    const alert = await ctx.db
      .selectFrom('alerts')
      .select('id')
      .where('rule', '=', 'detractor')
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('alert_events')
      .values({
        alert_id: alert.id,
        action: 'acknowledge',
        actor: jo,
        platform: 'slack',
        at: ctx.clock.now(),
      })
      .execute();
    // The tables added with timeline, plans, personal routing and languages name them too.
    const at = ctx.clock.now();
    await sql`insert into touchpoints (account_id, kind, text, logged_by, author, platform, at)
      values (${acme.id}, 'call', ${`called ${JO}`}, ${jo}, ${JO}, 'slack', ${at})`.execute(ctx.db);
    await sql`insert into plan_goals (account_id, outcome, created_by, created_at, updated_by, updated_at)
      values (${acme.id}, 'Go live', ${jo}, ${at}, ${jo}, ${at})`.execute(ctx.db);
    await sql`insert into plan_milestones (account_id, title, due_on, owner_email, created_by,
        created_at, updated_by, updated_at)
      values (${acme.id}, 'Kick-off', '2026-12-01', ${JO}, 'jane@acme.com', ${at}, ${jo}, ${at})`.execute(
      ctx.db,
    );
    await sql`insert into plan_changes (account_id, subject, subject_id, change, details, by, source, at)
      values (${acme.id}, 'milestone', 1, 'edited', ${JSON.stringify({ owner: JO })}::jsonb, ${jo}, 'slack', ${at})`.execute(
      ctx.db,
    );
    await sql`insert into alert_routing (platform, user_id, email, updated_at)
      values ('slack', 'UJO', ${JO}, ${at})`.execute(ctx.db);
    await sql`insert into account_follows (platform, target_id, target_kind, account_id, created_by, created_at)
      values ('slack', 'UJO', 'person', ${acme.id}, 'slack:UJO', ${at})`.execute(ctx.db);
    await sql`insert into away_alerts (platform, user_id, alert_id, away_until, held_at)
      values ('slack', 'UJO', ${alert.id}, ${at}, ${at})`.execute(ctx.db);
    await sql`insert into channel_languages (platform, channel_id, locale, set_by, set_at)
      values ('slack', 'CACME', 'en', ${jo}, ${at})`.execute(ctx.db);
    await appendAudit(
      ctx.db,
      { actor: 'slack:UJO', action: '/cs subscribe', origin: 'slack' },
      ctx.clock.now(),
    );
    await appendAudit(
      ctx.db,
      { actor: 'cli:ops', action: 'note', details: { about: JO } },
      ctx.clock.now(),
    );
    server = createHttpServer(apiV1Routes(ctx), silentLogger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => server.close());

  it('refuses a malformed e-mail before doing anything', async () => {
    await expect(exportPerson(ctx, 'not-an-email', requester)).rejects.toBeInstanceOf(TendError);
    await expect(erasePerson(ctx, 'x@', requester)).rejects.toThrow(/not an e-mail/);
  });

  it('the API refuses an ingest key (403, logged in the audit) and a bad body', async () => {
    const ingest = (await createApiKey(ctx, 'crm')).key;
    const r = await fetch(`${base}/api/v1/privacy/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: JO }),
    });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: 'forbidden' });
    const refused = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'refused%')
      .execute();
    expect(refused).toEqual([{ action: 'refused privacy export' }]);
    const admin = (await createApiKey(ctx, 'dpo', 'admin')).key;
    const bad = await fetch(`${base}/api/v1/privacy/erase`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nope' }),
    });
    expect(bad.status).toBe(400);
  });

  it('export names them in every kind of record; erase through the API leaves no trace and keeps scores', async () => {
    const before = await traces(ctx, jo);
    // The places a person's e-mail lands in, all found.
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'survey_answers.respondent',
        'survey_answers.comment',
        'survey_answers.external_id',
        'alerts.details',
        // Since T0130 a detractor's e-mail sits in the stored facts, not in worded drivers.
        'health_snapshots.measures',
        'outbox.payload',
        'follow_ups.title',
        'chat_users.email',
        'alert_events.actor',
        'audit_log.details',
        'touchpoints.text',
        'touchpoints.logged_by',
        'touchpoints.author',
        'plan_goals.created_by',
        'plan_milestones.owner_email',
        'plan_changes.details',
        'plan_changes.by',
        'alert_routing.email',
        'channel_languages.set_by',
      ]),
    );
    const admin = (await createApiKey(ctx, 'dpo-2', 'admin')).key;
    const call = (what: string) =>
      fetch(`${base}/api/v1/privacy/${what}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: JO }),
      });
    const exported = await call('export');
    expect(exported.status).toBe(200);
    const doc = (await exported.json()) as PersonExport;
    expect(doc).toMatchObject({ email: jo, chatIdentities: ['slack:UJO'] });
    for (const table of Object.keys(before).map((k) => k.split('.')[0]!)) {
      expect(doc.records[table]?.length ?? 0, table).toBeGreaterThan(0);
    }
    // The audit entries of their chat identity too, without the chain's internals.
    expect(doc.records.audit_log).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: 'slack:UJO' })]),
    );
    expect(doc.records.audit_log?.[0]).not.toHaveProperty('salt');
    expect(doc.records.survey_answers).toHaveLength(1);
    for (const table of ['alert_routing', 'away_alerts', 'account_follows']) {
      expect(doc.records[table], table).toHaveLength(1);
    }

    const nps = await npsOf(ctx);
    const scores =
      await sql`select account_id, day, score from health_snapshots order by 1, 2`.execute(ctx.db);
    const erased = await call('erase');
    expect(erased.status).toBe(200);
    const report = (await erased.json()) as EraseReport;
    expect(report.changed).toMatchObject({ survey_answers: 1, chat_users: 1 });

    expect(await traces(ctx, jo)).toEqual({});
    expect(await traces(ctx, 'slack:UJO')).toEqual({});
    // What is keyed by their chat id alone (alert routing, held alerts, follows sent to their
    // DM) goes too: it exists only for them.
    for (const [table, column] of [
      ['alert_routing', 'user_id'],
      ['away_alerts', 'user_id'],
      ['account_follows', 'target_id'],
    ] as const) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where ${sql.ref(column)} = 'UJO'`.execute(ctx.db);
      expect(rows[0]?.n, table).toBe(0);
    }
    // Aggregates are what they were: every answer still counts with its score.
    expect(await npsOf(ctx)).toEqual(nps);
    expect(
      (await sql`select account_id, day, score from health_snapshots order by 1, 2`.execute(ctx.db))
        .rows,
    ).toEqual(scores.rows);
    // The other respondent is untouched.
    expect(await traces(ctx, 'ann@acme.com')).toMatchObject({ 'survey_answers.respondent': 1 });
    // It happened, on record, without the person; and the chain still verifies.
    const entry = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'origin', 'details'])
      .where('id', '=', report.auditId)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'privacy.erase', actor: 'api:dpo-2', origin: 'api' });
    expect((await verifyAuditLog(ctx)).problems).toEqual([]);
    // A second erase finds nothing left.
    const again = await erasePerson(ctx, JO, requester);
    expect(again.changed).toEqual({});
  });

  it('the CLI: erase asks for --yes, export --out writes a new 0600 file', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'tend-privacy-'));
    const io: CliIo = {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      interactive: false,
      cwd: dir,
    };
    const command = findCommand('privacy')!;
    await expect(command.run(['erase', 'ann@acme.com'], ctx, io)).rejects.toThrow(/add --yes/);
    expect(await traces(ctx, 'ann@acme.com')).toMatchObject({ 'survey_answers.respondent': 1 });
    expect(await command.run(['export', 'ann@acme.com', '--out', 'ann.json'], ctx, io)).toBe(0);
    const file = join(dir, 'ann.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).records.survey_answers).toHaveLength(1);
    expect(await command.run(['erase', 'ann@acme.com', '--yes'], ctx, io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^erased: .*survey_answers.*; recorded as audit entry \d+$/);
    expect(await traces(ctx, 'ann@acme.com')).toEqual({});
  });
});
