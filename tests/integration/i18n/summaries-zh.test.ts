import { beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { cachedCharts } from '../../../src/app/chart-cache';
import type { AppContext } from '../../../src/app/context';
import { homeFor } from '../../../src/app/home';
import { prepAnswer } from '../../../src/app/prep';
import { answerParsed } from '../../../src/app/questions';
import { recordReview } from '../../../src/app/reviews';
import { timelineAnswer } from '../../../src/app/timeline';
import { reviewEntryText } from '../../../src/cards/review-words';
import type { TimelineEntry } from '../../../src/domain/reviews';
import { describeEachDatabase } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';

// Issue 16: alert summaries outside the alert cards (App Home, "my alerts", /prep, /timeline,
// a review's timeline) in the reader's language, worded from alerts.summary_args; a row from
// before summary_args keeps the English it was stored with.

const NOW = '2026-11-23T10:00:00Z';
const ENGLISH = 'no login for 20 days (last on 2026-11-03)';
const CHINESE = '已 20 天无人登录（最后一次登录在11月3日）';
const LEGACY = 'legacy summary stored in English';
const JANE = { id: 'U0JANE', email: 'jane@acme.com', name: 'Jane', locale: 'zh-CN' as const };

describeEachDatabase('alert summaries and timeline lines in Chinese', (get) => {
  let ctx: AppContext;
  let acme: number;

  beforeAll(async () => {
    const db = get().db;
    ctx = jobsContext(db, movableClock(NOW));
    ({ acme } = await seedPortfolio(db, '2026-11-23'));
    await runRiskJob(ctx);
    // An alert from before summary_args: no codes, its English stays.
    await db
      .insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'usage_drop',
        summary: LEGACY,
        fired_at: new Date('2026-11-20T09:00:00Z'),
      })
      .execute();
    await db
      .insertInto('renewal_events')
      .values({
        account_id: acme,
        renewal_date: '2026-12-24',
        kind: 'reminder',
        window_days: 30,
        at: new Date('2026-11-22T09:00:00Z'),
      })
      .execute();
    const stored = await db
      .selectFrom('alerts')
      .select(['summary', 'summary_args'])
      .where('account_id', '=', acme)
      .where('rule', '=', 'inactivity')
      .executeTakeFirstOrThrow();
    expect(stored.summary).toBe(ENGLISH);
  });

  const json = (v: unknown) => JSON.stringify(v);

  it('App Home lists my alerts with Chinese summaries, an old row in its English', async () => {
    const home = json(await homeFor(ctx, JANE));
    expect(home).toContain(CHINESE);
    expect(home).not.toContain(ENGLISH);
    expect(home).toContain(LEGACY);
    // The same rows for an English reader: the stored English.
    expect(json(await homeFor(ctx, { ...JANE, locale: 'en' }))).toContain(ENGLISH);
  });

  it('"my alerts" words the rows in the asker\'s language', async () => {
    const card = json(await answerParsed(ctx, { kind: 'alerts' }, JANE.email, 'zh-CN'));
    expect(card).toContain(CHINESE);
    expect(card).not.toContain(ENGLISH);
    expect(card).toContain(LEGACY);
  });

  it('/prep lists the risks in Chinese', async () => {
    const card = json(await prepAnswer(ctx, 'acme', 'zh-CN'));
    expect(card).toContain(CHINESE);
    expect(card).not.toContain(ENGLISH);
    expect(card).toContain(LEGACY);
    expect(json(await prepAnswer(ctx, 'acme', 'en'))).toContain(ENGLISH);
  });

  it('/timeline words alerts and renewal events in Chinese; English reads as stored', async () => {
    const zh = json(await timelineAnswer(ctx, 'acme', 90, 'zh-CN'));
    expect(zh).toContain(CHINESE);
    expect(zh).toContain('12月24日续约（提前 30 天提醒）');
    expect(zh).not.toContain(ENGLISH);
    expect(zh).not.toContain('Renews 2026-12-24');
    expect(zh).toContain(LEGACY);
    const en = json(await timelineAnswer(ctx, 'acme', 90, 'en'));
    expect(en).toContain(ENGLISH);
    expect(en).toContain('Renews 2026-12-24 (30-day reminder)');
  });

  it("a review's stored timeline reads in Chinese; a row stored without codes in English", async () => {
    await recordReview(ctx, {
      accountId: acme,
      kind: 'churn',
      reason: 'price',
      learned: null,
      createdBy: 'jane@acme.com',
      requestKey: 'review-zh-1',
    });
    const row = await get()
      .db.selectFrom('account_reviews')
      .select('timeline')
      .where('request_key', '=', 'review-zh-1')
      .executeTakeFirstOrThrow();
    const entries = row.timeline as TimelineEntry[];
    const zh = entries.map((e) => reviewEntryText('zh-CN', e));
    expect(zh).toContain(`警报：${CHINESE}`);
    expect(zh).toContain(LEGACY);
    // A review stored before the codes: its English line as it was.
    const old = { kind: 'alert' as const, text: ENGLISH, at: new Date(NOW) };
    expect(reviewEntryText('zh-CN', old)).toBe(ENGLISH);
    expect(entries.map((e) => reviewEntryText('en', e))).toContain(`Alert: ${ENGLISH}`);
  });

  it('charts are drawn and cached per language: Chinese titles and alt text', async () => {
    const spec = { kind: 'account' as const, accountId: acme, accountName: 'Acme Corp' };
    const [en] = await cachedCharts(ctx, spec, 'en');
    const [zh] = await cachedCharts(ctx, spec, 'zh-CN');
    expect(en?.title).toBe('Acme Corp: health score, last 12 weeks');
    expect(zh?.title).toBe('Acme Corp：近 12 周健康分');
    expect(zh?.alt).toContain('11月');
    expect(zh?.png.length).toBeGreaterThan(1000);
    // The same language again is the cached drawing.
    expect((await cachedCharts(ctx, spec, 'zh-CN'))[0]).toBe(zh);
  });
});
