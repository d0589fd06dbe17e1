import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { healthAnswer, healthByExternalId } from '../../src/app/account-health';
import type { AppContext } from '../../src/app/context';
import { recomputeHealth } from '../../src/app/health-recompute';
import { renderText } from '../../src/cards/text';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, insertUsage, testContext } from '../helpers/fixtures';

const TODAY = '2026-11-23';

/** The card's "why" lines: the list under the Why / 原因 title, without the points. */
function whyLines(text: string, title: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(title));
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (!/^\s*[•-]/.test(line)) break;
    out.push(line);
  }
  return out;
}

describeEachDatabase('health drivers worded on read', (get) => {
  let ctx: AppContext;
  let oldRow: number;

  beforeAll(async () => {
    ctx = testContext(get());
    const db = ctx.db;
    const acme = await insertAccount(db, {
      external_id: 'why-1',
      name: 'Acme Corp',
      domain: 'acme.com',
    });
    await insertUsage(db, acme, TODAY, 60, (i) => ({
      active: i < 30 ? 40 : 20,
      seats: 100,
      logins: i < 30 ? 80 : 35,
      features: 5,
    }));
    await db
      .insertInto('survey_answers')
      .values({
        external_id: 'why-s-1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'bob@acme.com',
        answered_on: '2026-11-02',
      })
      .execute();
    await recomputeHealth(ctx, { day: TODAY });
    // A snapshot written before migration T0130: worded measures and English drivers.
    oldRow = await insertAccount(db, { external_id: 'why-2', name: 'Oldrow Ltd' });
    await sql`insert into health_snapshots (account_id, day, score, band, measures, drivers)
      values (${oldRow}, ${TODAY}, 55, 'yellow',
        ${JSON.stringify([
          { key: 'usage', score: 40, weight: 30, effectiveWeight: 30, pointsLost: 18, detail: 'x' },
        ])}::jsonb,
        '[{"measure":"usage","text":"logins fell 42% in 30 days","pointsLost":18}]'::jsonb)`.execute(
      db,
    );
  });

  it('stores facts, not words, and no drivers', async () => {
    const row = await ctx.db
      .selectFrom('health_snapshots')
      .select(['measures', 'drivers'])
      .where('day', '=', TODAY)
      .where('drivers', 'is', null)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.measures)).toContain('"usage_drop"');
    expect(JSON.stringify(row.measures)).not.toContain('fell');
  });

  it('words the why-lines in English exactly as the engine always did', async () => {
    const answer = await healthAnswer(ctx, 'acme.com', 'en');
    const why = whyLines(renderText(answer.card), 'Why');
    expect(why.join('\n')).toMatch(
      /active users are 20% of seats; logins fell 56% in 30 days \(−35 pts\)/,
    );
    expect(why.join('\n')).toContain('detractor NPS 3 from bob@acme.com on 2 Nov');
  });

  it('words them in Chinese for a zh-CN reader', async () => {
    const answer = await healthAnswer(ctx, 'acme.com', 'zh-CN');
    const why = whyLines(renderText(answer.card), '原因').join('\n');
    expect(why).toContain('活跃用户占席位的 20%；30 天内登录次数下降 56% (−35 分)');
    expect(why).toContain('11月2日有贬损者（bob@acme.com）给出 NPS 3');
    expect(why).not.toMatch(/fell|detractor/);
  });

  it('still shows a snapshot stored before, with its English drivers', async () => {
    for (const [locale, title] of [
      ['en', 'Why'],
      ['zh-CN', '原因'],
    ] as const) {
      const answer = await healthAnswer(ctx, 'Oldrow Ltd', locale);
      expect(whyLines(renderText(answer.card), title).join('\n')).toContain(
        'logins fell 42% in 30 days',
      );
    }
  });

  it('the API reads both kinds of row in the worded shape', async () => {
    const fresh = await healthByExternalId(ctx, 'why-1');
    const drivers = fresh?.snapshot?.drivers as { measure: string; text: string }[];
    expect(drivers[0]).toMatchObject({
      measure: 'usage',
      text: 'active users are 20% of seats; logins fell 56% in 30 days',
    });
    expect(drivers.map((d) => d.text)).toContain('detractor NPS 3 from bob@acme.com on 2 Nov');
    const measures = fresh?.snapshot?.measures as { key: string; effectiveWeight: number }[];
    expect(measures.map((m) => m.key)).toEqual([
      'usage',
      'recency',
      'adoption',
      'support',
      'sentiment',
    ]);
    const old = await healthByExternalId(ctx, 'why-2');
    expect(old?.snapshot?.drivers).toEqual([
      { measure: 'usage', text: 'logins fell 42% in 30 days', pointsLost: 18 },
    ]);
  });
});
