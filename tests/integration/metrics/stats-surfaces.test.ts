import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import { teamMetrics } from '../../../src/app/team-metrics';
import { DEFINITIONS, type TeamMetrics } from '../../../src/domain/metrics';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/log';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';
import { BOB, METRICS_NOW, seedMetricsHistory } from '../../helpers/metrics-fixtures';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import * as slack from '../slack/harness';
import * as teams from '../teams/harness';

// The same hand-made history as team-metrics.test.ts, asked for on every surface.
describeEachDatabase('/stats and GET /api/v1/metrics', (get) => {
  beforeAll(async () => {
    await seedMetricsHistory(get().db);
  });

  describe('API', () => {
    let server: HttpServer;
    let base: string;
    let key: string;
    beforeAll(async () => {
      const ctx = testContext(get(), METRICS_NOW);
      server = createHttpServer(apiV1Routes(ctx), silentLogger);
      base = (await server.listen(0, '127.0.0.1')).url;
      key = (await createApiKey(ctx, 'metrics')).key;
    });
    afterAll(() => server.close());
    const getMetrics = (query: string, auth = `Bearer ${key}`) =>
      fetch(`${base}/api/v1/metrics${query}`, { headers: { authorization: auth } });

    it('answers the figures /stats computes, with their definitions', async () => {
      const res = await getMetrics('?period=7d');
      expect(res.status).toBe(200);
      const body = (await res.json()) as TeamMetrics;
      const direct = await teamMetrics(testContext(get(), METRICS_NOW), { kind: 'team' }, '7d');
      expect(body).toEqual({ ...JSON.parse(JSON.stringify(direct)), definitions: DEFINITIONS });
      expect(body.current.renewals.lost).toEqual({ count: 1, arr: 200 });
      expect(body.previous.retention.grr).toBe(95);
    });

    it("scopes to an owner's portfolio and defaults to 30d", async () => {
      const body = (await (
        await getMetrics(`?owner=${encodeURIComponent(BOB)}`)
      ).json()) as TeamMetrics;
      expect(body).toMatchObject({ period: '30d', scope: { kind: 'person', email: BOB } });
      expect(body.current.loops).toEqual({ due: 2, closedOnTime: 1, onTimeRate: 50 });
    });

    it('refuses a bad period or owner (400) and a missing key (401)', async () => {
      const bad = await getMetrics('?period=week');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'bad_query' });
      expect((await getMetrics('?owner=nobody')).status).toBe(400);
      expect((await getMetrics('?period=7d&extra=1')).status).toBe(400);
      expect((await getMetrics('?period=7d', '')).status).toBe(401);
    });
  });

  describe('Slack', () => {
    let h: slack.Harness;
    beforeAll(async () => {
      h = await slack.startHarness(get().db);
      h.emulator.addUser({ id: 'U0BOB', email: BOB, name: 'Bob' });
    });
    afterAll(() => h.close());
    const run = async (text: string) => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/stats',
          text,
          user_id: slack.ANN.id,
          trigger_id: slack.nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { response_type: string; blocks: unknown[] };
    };

    it('/stats team 7d answers the card: figures, the previous period, a footnote each', async () => {
      const r = await run('team 7d');
      expect(r.response_type).toBe('ephemeral');
      const text = JSON.stringify(r.blocks);
      expect(r.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: 'Team stats · last 7 days' },
      });
      expect(text).toContain('17 Nov – 23 Nov vs 10 Nov – 16 Nov');
      expect(text).toContain('median 4 h · p90 5.6 h');
      expect(text).toContain('lost 1 ($200)');
      expect(text).toContain('*GRR*⁷  47.4%');
      expect(text).toContain('previous: 95%');
      const footnotes = (r.blocks as { type: string }[]).filter((b) => b.type === 'context');
      expect(footnotes.length).toBe(14); // the period line and 13 footnotes
      expect(text).toContain('churn: Price 1 · save: Support 1');
    });

    it('/stats @person reads their portfolio through their profile e-mail', async () => {
      const r = await run('<@U0BOB|bob> 7d');
      const text = JSON.stringify(r.blocks);
      expect(text).toContain(`${BOB} stats`);
      expect(text).toContain('50% (1 of 2)'); // Bob's loops
    });

    it('says what would work for words it does not know', async () => {
      const text = JSON.stringify((await run('fortnight')).blocks);
      expect(text).toContain("I don't understand");
    });
  });

  describe('Teams', () => {
    let h: teams.Harness;
    beforeAll(async () => {
      h = await teams.startHarness(get());
    });
    afterAll(() => h.close());

    it('answers "stats team 7d" with the same card as an Adaptive Card', async () => {
      expect((await h.post(teams.personal('stats team 7d'))).status).toBe(200);
      const card = teams.cardOf(h.standIn.calls.at(-1)!.body);
      const text = JSON.stringify(card);
      expect(card.body[0]).toMatchObject({ text: 'Team stats · last 7 days' });
      expect(text).toContain('median 4 h · p90 5.6 h');
      expect(text).toContain(DEFINITIONS.grr.slice(0, 40));
    });

    it('"stats me" is the portfolio of the person asking (Jane owns none)', async () => {
      await h.post(teams.personal('stats me 30d'));
      const text = JSON.stringify(teams.cardOf(h.standIn.calls.at(-1)!.body));
      expect(text).toContain('Your stats · last 30 days');
      expect(text).toContain('0 opened · 0 acknowledged · 0 resolved');
    });
  });
});
