import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { verifyAuditLog } from '../../src/app/audit';
import { findCommand } from '../../src/cli/commands';
import type { CliIo } from '../../src/cli/io';
import { runJobByHand } from '../../src/jobs/run-by-hand';
import { appendAudit } from '../../src/store/audit-log';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';
import { withSettings } from '../helpers/jobs-fixtures';

const NOW = '2026-11-23T10:00:00Z';
const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000);
const dayAgo = (n: number) => daysAgo(n).toISOString().slice(0, 10);

describeEachDatabase('retention windows', (get) => {
  it('the hourly job applies every window; status shows rows, oldest record and the window', async () => {
    const ctx = withSettings(testContext(get(), NOW), {
      retention: {
        usageDays: 100,
        sentMessagesDays: 10,
        surveyCommentsDays: 30,
        chatUsersDays: 20,
        alertHistoryDays: 60,
        auditLogDays: 365,
      },
    });
    const account = await insertAccount(ctx.db, { external_id: 'acme', name: 'Acme Corp' });
    await ctx.db
      .insertInto('usage_daily')
      .values(
        [101, 99].map((n) => ({ account_id: account, day: dayAgo(n), active_users: 1, logins: 1 })),
      )
      .execute();
    await ctx.db
      .insertInto('survey_answers')
      .values(
        [31, 29].map((n) => ({
          external_id: `s${n}`,
          account_id: account,
          kind: 'nps' as const,
          score: 5,
          respondent: `r${n}@x.com`,
          comment: `comment ${n}`,
          answered_on: dayAgo(n),
        })),
      )
      .execute();
    await ctx.db
      .insertInto('chat_users')
      .values(
        [21, 19].map((n) => ({
          platform: 'slack' as const,
          user_id: `U${n}`,
          email: null,
          display_name: null,
          fetched_at: daysAgo(n),
        })),
      )
      .execute();
    await ctx.db
      .insertInto('outbox')
      .values(
        [11, 9].map((n) => ({
          platform: 'slack',
          channel_id: 'C1',
          payload: '{}',
          dedupe_key: `m${n}`,
          status: 'sent' as const,
          created_at: daysAgo(n),
          sent_at: daysAgo(n),
        })),
      )
      .execute();
    await ctx.db
      .insertInto('alerts')
      .values(
        [
          { status: 'resolved' as const, resolved_at: daysAgo(61), rule: 'a' },
          { status: 'resolved' as const, resolved_at: daysAgo(59), rule: 'b' },
          { status: 'open' as const, resolved_at: null, rule: 'c' },
        ].map((a) => ({ ...a, account_id: account, summary: 's', fired_at: daysAgo(400) })),
      )
      .execute();
    for (const n of [400, 380, 10]) {
      await appendAudit(ctx.db, { actor: 'x', action: `test.${n}` }, daysAgo(n));
    }

    const run = await runJobByHand(ctx, 'risk', new Date(NOW), 'test');
    expect(run.outcome).toMatchObject({ ran: true });

    const count = async (q: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(q)}`.execute(ctx.db))
        .rows[0]?.n;
    expect(await count('usage_daily')).toBe(1);
    expect(await count('survey_answers where comment is not null')).toBe(1);
    // A blanked comment keeps its answer and score.
    expect(await count('survey_answers')).toBe(2);
    expect(await count('chat_users')).toBe(1);
    expect(await count("outbox where status = 'sent'")).toBe(1);
    expect(await count('alerts')).toBe(2);
    const actions = (
      await ctx.db.selectFrom('audit_log').select('action').orderBy('id').execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['test.10', 'audit.trim']);
    expect((await verifyAuditLog(ctx)).problems).toEqual([]);

    const lines: string[] = [];
    const io: CliIo = {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      interactive: false,
      cwd: '/',
    };
    expect(await findCommand('privacy')!.run(['status'], ctx, io)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(
      new RegExp(
        `usage_daily\\s+1\\s+${dayAgo(99)} \\(day\\)\\s+100 days \\(retention.usageDays\\)`,
      ),
    );
    expect(text).toMatch(
      /chat_users\s+1\s+\S+ \S+ \(fetched_at\)\s+20 days \(retention.chatUsersDays\)/,
    );
    expect(text).toMatch(/channel_policies\s+0\s+-\s+until deleted/);
  });
});
