import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import { TEAMS_CARD_BYTES } from '../../../src/app/charts';
import { saveMilestone } from '../../../src/app/plans';
import { AC_LIMITS } from '../../../src/cards/adaptive-card';
import { prepCommand } from '../../../src/cli/plan-prep';
import { openApiDocument } from '../../../src/http/openapi';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, testContext } from '../../helpers/fixtures';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import * as slack from '../slack/harness';
import * as teams from '../teams/harness';

const text = (v: unknown) => JSON.stringify(v);
const NOW = '2026-11-23T10:00:00Z';

// /prep on Slack, Teams and the CLI (--markdown), and the plan on the API, for one account
// with a quarter's story: green → yellow, usage halved, an urgent ticket, a detractor's
// comment, an open alert, two expansion signals, an overdue milestone and a renewal in 45 days.
describeEachDatabase('/prep and GET /api/v1/accounts/:id/plan', (get) => {
  beforeAll(async () => {
    const db = get().db;
    const acme = await insertAccount(db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: slack.ANN.email,
      arr: 120_000,
      renewal_date: '2027-01-07',
    });
    const snap = (
      day: string,
      score: number,
      band: 'green' | 'yellow',
      drivers: unknown[] = [],
    ) => ({
      account_id: acme,
      day,
      score,
      band,
      measures: '[]',
      drivers: JSON.stringify(drivers),
      onboarding: false,
    });
    await db
      .insertInto('health_snapshots')
      .values([
        snap('2026-08-20', 76, 'green'),
        snap('2026-08-26', 74, 'green'),
        snap('2026-10-01', 58, 'yellow'),
        snap('2026-11-23', 52, 'yellow', [
          { measure: 'usage', text: 'logins fell 42% in 30 days', pointsLost: 18 },
        ]),
      ])
      .execute();
    const usage = (day: string, active: number, logins: number) => ({
      account_id: acme,
      day,
      active_users: active,
      seats: 50,
      logins,
      core_features_used: 4,
      core_features_total: 10,
    });
    await db
      .insertInto('usage_daily')
      .values([
        usage('2026-06-10', 40, 100),
        usage('2026-07-10', 40, 100),
        usage('2026-09-10', 20, 40),
        usage('2026-11-10', 20, 40),
      ])
      .execute();
    await db
      .insertInto('tickets')
      .values({
        external_id: 't1',
        account_id: acme,
        priority: 'urgent',
        status: 'open',
        subject: 'Export times out',
        opened_at: '2026-11-11T09:00:00Z',
      })
      .execute();
    await db
      .insertInto('survey_answers')
      .values({
        external_id: 's1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'cfo@acme.com',
        comment: 'Reports are *slow* since the upgrade',
        answered_on: '2026-11-02',
      })
      .execute();
    await db
      .insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'usage_decline',
        summary: 'active users down 50%',
        fired_at: '2026-11-20T09:00:00Z',
      })
      .execute();
    // Two expansion signals: not risks, listed with their potential (ARR × the rule's uplift).
    await db
      .insertInto('alerts')
      .values([
        {
          account_id: acme,
          rule: 'seats_high',
          summary: 'seats 92% used for 14 days',
          fired_at: '2026-11-21T09:00:00Z',
        },
        {
          account_id: acme,
          rule: 'premium_adopted',
          summary: 'premium feature SSO adopted',
          fired_at: '2026-11-22T09:00:00Z',
          status: 'acknowledged',
        },
      ])
      .execute();
    await saveMilestone(testContext(get(), NOW), {
      accountId: acme,
      fields: {
        title: 'Kickoff workshop',
        dueOn: '2026-11-01',
        ownerEmail: null,
        status: 'planned',
      },
      editor: { by: slack.ANN.email, source: 'slack' },
      requestKey: 'seed:kickoff',
    });
  });

  const story = (shown: string) => {
    expect(shown).toContain('Meeting prep: Acme Corp');
    expect(shown).toContain('52 yellow (was 74 green on 26 Aug, −22)');
    expect(shown).toContain('green → yellow');
    expect(shown).toContain('logins fell 42% in 30 days');
    expect(shown).toMatch(/Active users \(daily average\).{0,20}: 40 → 20/);
    expect(shown).toContain('−50%');
    expect(shown).toContain('Export times out');
    expect(shown).toContain('Reports are');
    expect(shown).toContain('Open risks (1)');
    expect(shown).toContain('active users down 50%');
    expect(shown).toContain('Expansion signals (2) · up to $24,000 potential');
    expect(shown).toContain('seats 92% used for 14 days');
    expect(shown).toContain('potential $24,000 (20% of ARR)');
    expect(shown).toContain('premium feature SSO adopted');
    expect(shown).toContain('potential $18,000 (15% of ARR) · acknowledged');
    expect(shown).toContain('0/1 milestones done, 1 overdue, next: Kickoff workshop');
    expect(shown).toContain('7 Jan 2027 (in 45 days)');
    expect(shown).toContain('7 Jan 2027 (in 45 days) · $120,000 ARR');
    // Three talking points, heaviest first: the renewal with a yellow band, health, logins.
    expect(shown).toContain('Renewal in 45 days ($120,000 ARR) and health is yellow');
    expect(shown).toContain('Health fell from 74 to 52 this quarter');
    expect(shown).toContain('Logins down 60% on the previous quarter');
  };

  describe('Slack', () => {
    let h: slack.Harness;
    beforeAll(async () => {
      h = await slack.startHarness(get().db);
    });
    afterAll(() => h.close());

    it('/prep acme answers the brief privately, within Slack’s limits', async () => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/prep',
          text: 'acme',
          user_id: slack.ANN.id,
          trigger_id: slack.nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      const body = (await res.json()) as { response_type: string; blocks: unknown[] };
      expect(body.response_type).toBe('ephemeral');
      story(text(body));
      expect(body.blocks.length).toBeLessThanOrEqual(50);
      // After the answer: the 12-week score trend, uploaded into Ann's DM with Tend.
      const done = await h.emulator.waitFor('files.completeUploadExternal');
      const [asked] = h.emulator.callsTo('files.getUploadURLExternal');
      expect(asked?.body).toMatchObject({ filename: 'score-trend.png' });
      expect(String(asked?.body.alt_text)).toContain('Acme Corp: health score, last 12 weeks');
      expect(done.body.channel_id).toBe(h.emulator.state.dmOf(slack.ANN.id).id);
      expect(text(done.body)).toContain('Charts for Meeting prep: Acme Corp');
    });

    it('/prep with no account says what would work', async () => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/prep',
          text: '',
          user_id: slack.ANN.id,
          trigger_id: slack.nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      expect(text(await res.json())).toContain('Tell me the account: prep &lt;account&gt;');
    });
  });

  describe('Teams', () => {
    let h: teams.Harness;
    beforeAll(async () => {
      h = await teams.startHarness(get());
    });
    afterAll(() => h.close());

    it('"prep acme" answers the same brief, well under the card size limit', async () => {
      await h.post(teams.personal('prep acme'));
      const card = teams.cardOf(h.standIn.calls.at(-1)!.body);
      story(text(card));
      // The score trend inline, and the card still within Teams' limit with it.
      const image = card.body.find((b) => b.type === 'Image');
      expect(String(image?.url)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      expect(String(image?.altText)).toContain('Acme Corp: health score, last 12 weeks');
      expect(Buffer.byteLength(text(card))).toBeLessThan(TEAMS_CARD_BYTES);
      expect(Buffer.byteLength(text(card))).toBeLessThan(AC_LIMITS.cardBytes);
    });
  });

  describe('CLI', () => {
    it('tend prep acme --markdown prints Markdown for a document, user text escaped', async () => {
      const out: string[] = [];
      const io = {
        out: (t: string) => out.push(t),
        err: (t: string) => out.push(`ERR ${t}`),
        interactive: false,
        cwd: '.',
      };
      const code = await prepCommand.run(['acme', '--markdown'], testContext(get(), NOW), io);
      expect(code).toBe(0);
      const md = out.join('\n');
      expect(md).toMatch(/^# Meeting prep: Acme Corp\n/);
      expect(md).toContain('- **Health:** 🟡 52 yellow (was 74 green on 26 Aug, −22)');
      expect(md).toContain('## Expansion signals (2) · up to $24,000 potential');
      expect(md).toMatch(/- premium feature SSO adopted.*potential \$18,000 \(15% of ARR\)/);
      expect(md).toContain('## Talking points');
      expect(md).toContain('- **1.** Renewal in 45 days');
      // The customer's asterisks stay text, not emphasis.
      expect(md).toContain('Reports are \\*slow\\* since the upgrade');
      expect(md).not.toContain('[Add');
      const plain: string[] = [];
      expect(
        await prepCommand.run(['acme'], testContext(get(), NOW), {
          ...io,
          out: (t) => plain.push(t),
        }),
      ).toBe(0);
      story(plain.join('\n'));
      const none: string[] = [];
      expect(
        await prepCommand.run(['nosuchaccount'], testContext(get(), NOW), {
          ...io,
          err: (t) => none.push(t),
        }),
      ).toBe(2);
      expect(none.join('\n')).toContain('no account matches "nosuchaccount"');
    });
  });

  describe('API', () => {
    let server: HttpServer;
    let base: string;
    let key: string;
    beforeAll(async () => {
      const ctx = testContext(get(), NOW);
      server = createHttpServer(apiV1Routes(ctx), silentLogger);
      base = (await server.listen(0, '127.0.0.1')).url;
      key = (await createApiKey(ctx, 'plans')).key;
    });
    afterAll(() => server.close());
    const plan = (id: string, auth = `Bearer ${key}`) =>
      fetch(`${base}/api/v1/accounts/${id}/plan`, { headers: { authorization: auth } });

    it('answers the plan with its progress and every change (who, when)', async () => {
      const res = await plan('acme');
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        account: { externalId: 'acme', name: 'Acme Corp' },
        progress: { total: 1, done: 0, overdue: 1 },
        goals: [],
        milestones: [
          {
            title: 'Kickoff workshop',
            dueOn: '2026-11-01',
            status: 'planned',
            createdBy: slack.ANN.email,
          },
        ],
        changes: [
          {
            subject: 'milestone',
            change: 'added',
            by: slack.ANN.email,
            source: 'slack',
            at: NOW.replace('Z', '.000Z'),
          },
        ],
      });
      expect((await plan('nobody')).status).toBe(404);
      expect((await plan('acme', 'Bearer wrong')).status).toBe(401);
      const doc = openApiDocument() as { paths: Record<string, unknown> };
      expect(doc.paths['/api/v1/accounts/{externalId}/plan']).toBeDefined();
    });
  });
});
