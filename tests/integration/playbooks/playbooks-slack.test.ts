import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import { ACTIONS } from '../../../src/cards/actions';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { loadConfig } from '../../../src/config';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { createHttpServer } from '../../../src/http/server';
import { allJobs } from '../../../src/jobs/definitions';
import { silentLogger } from '../../../src/log';
import { describeEachDatabase } from '../../helpers/database';
import { insertUsage } from '../../helpers/fixtures';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import {
  ANN,
  BOT_TOKEN,
  buttonClick,
  type Harness,
  NOW,
  nextTrigger,
  startHarness,
} from '../slack/harness';

const text = (v: unknown) => JSON.stringify(v);

// `/play acme onboarding` starts the playbook: the answer and the account channel's card are
// its checklist; Done ticks a step, recorded with who, and rewrites the posted card. A seats
// signal posts an Expansion card; Create opportunity records it and tells the sales channel.
describeEachDatabase('playbooks and expansion on Slack', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let acme: number;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.ctx.config = loadConfig({ TEND_CONFIG: '' });
    h.ctx.config.settings.expansion.salesChannel = 'C0SALES';
    acme = (
      await get()
        .db.insertInto('accounts')
        .values({
          external_id: 'acme',
          name: 'Acme Corp',
          owner_email: ANN.email,
          arr: 120000,
          slack_channel: 'C0ACME',
          contract_start: '2024-01-01',
          renewal_date: '2027-01-15',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    worker = createOutboxWorker(h.ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
  });
  afterAll(() => h.close());

  const command = async (name: string, words: string) => {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: name,
        text: words,
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url: h.emulator.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    return text(await res.json());
  };
  const steps = () =>
    get().db.selectFrom('playbook_steps').selectAll().orderBy('position').execute();

  it('/play starts the playbook: its checklist answers and is posted to the account channel', async () => {
    const answer = await command('/play', 'acme onboarding');
    expect(answer).toContain('Onboarding for Acme Corp: 0/5 done');
    expect(answer).toContain('Kickoff call');
    expect(answer).toContain(ACTIONS.playbookTick);
    expect(await steps()).toHaveLength(5);
    await worker.runUntilIdle();
    const posted = h.emulator
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === 'C0ACME' && text(c.body).includes('Onboarding'));
    expect(posted).toHaveLength(1);
    // An unknown playbook is named with the ones there are.
    expect(await command('/play', 'acme nosuch')).toContain('No playbook \\"nosuch\\"');
  });

  it('Done ticks the step, records who, and rewrites the posted card; the account card shows 1/5', async () => {
    const [first] = await steps();
    const click = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.playbookTick,
      value: JSON.stringify({ stepId: first!.id }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, click)).status).toBe(200);
    for (let i = 0; i < 200 && (await steps())[0]!.done_at === null; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await steps())[0]).toMatchObject({ done_by: '@Ann Example' });
    await worker.runUntilIdle();
    // Every copy is rewritten (the owner's DM too): the channel's copy is the one checked.
    const update = h.emulator
      .callsTo('chat.update')
      .filter((c) => c.body.channel === 'C0ACME')
      .at(-1);
    expect(update?.body.channel).toBe('C0ACME');
    expect(text(update?.body)).toContain('1/5 done');
    expect(text(update?.body)).toContain('ticked by @Ann Example');
    expect(await command('/health', 'acme')).toContain('Onboarding 1/5');
  });

  it('seats nearly all used: an Expansion card; Create opportunity records it and tells sales', async () => {
    await insertUsage(get().db, acme, '2026-11-23', 40, () => ({
      active: 45,
      seats: 50,
      logins: 30,
    }));
    await allJobs()
      .find((j) => j.name === 'risk')!
      .run(h.ctx, new Date(NOW));
    const alert = await get()
      .db.selectFrom('alerts')
      .selectAll()
      .where('rule', '=', 'seats_high')
      .executeTakeFirstOrThrow();
    await worker.runUntilIdle();
    const card = h.emulator
      .callsTo('chat.postMessage')
      .find((c) => c.body.channel === 'C0ACME' && text(c.body).includes('Expansion'));
    expect(text(card?.body)).toContain('Create opportunity');
    expect(text(card?.body)).toContain('$24,000 (20% of ARR)');
    expect(text(card?.body)).not.toContain(ACTIONS.alertAck);

    const click = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.opportunityCreate,
      value: JSON.stringify({ alertId: alert.id }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, click)).status).toBe(200);
    const opportunity = async () =>
      get().db.selectFrom('opportunities').selectAll().executeTakeFirst();
    for (let i = 0; i < 200 && !(await opportunity()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await opportunity()).toMatchObject({
      alert_id: alert.id,
      potential_arr: 24000,
      created_by: '@Ann Example',
    });
    await worker.runUntilIdle();
    const sales = h.emulator
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === 'C0SALES');
    expect(sales).toHaveLength(1);
    expect(text(sales[0]!.body)).toContain('New opportunity: Acme Corp');
    const rewritten = h.emulator.callsTo('chat.update').at(-1);
    expect(text(rewritten?.body)).toContain('Opportunity created by @Ann Example');
    // A second click records nothing more and says so, privately.
    const again = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.opportunityCreate,
      value: JSON.stringify({ alertId: alert.id }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    await postInteraction(h.eventsUrl, again);
    const said = await h.emulator.waitFor('response_url', (c) =>
      text(c.body).includes('already created'),
    );
    expect(text(said.body)).toContain('Opportunity already created by @Ann Example');
    expect(await get().db.selectFrom('opportunities').select('id').execute()).toHaveLength(1);
  });

  it('GET /api/v1/accounts/:id/playbooks exports the run, who ticked which step, and the opportunity', async () => {
    const server = createHttpServer(apiV1Routes(h.ctx), silentLogger);
    const base = (await server.listen(0, '127.0.0.1')).url;
    try {
      const { key } = await createApiKey(h.ctx, 'export');
      const get = (path: string, auth = true) =>
        fetch(`${base}${path}`, auth ? { headers: { authorization: `Bearer ${key}` } } : {});
      expect((await get('/api/v1/accounts/acme/playbooks', false)).status).toBe(401);
      expect((await get('/api/v1/accounts/nobody/playbooks')).status).toBe(404);
      const res = await get('/api/v1/accounts/acme/playbooks');
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        account: { name: string };
        playbookRuns: { playbook: string; steps: { doneBy: string | null; doneAt: string }[] }[];
        opportunities: { rule: string; potentialArr: number; createdBy: string }[];
      };
      expect(body.account.name).toBe('Acme Corp');
      const onboarding = body.playbookRuns.find((r) => r.playbook === 'onboarding');
      expect(onboarding?.steps).toHaveLength(5);
      expect(onboarding?.steps[0]).toMatchObject({ doneBy: '@Ann Example' });
      expect(onboarding?.steps[0]?.doneAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(onboarding?.steps[1]).toMatchObject({ doneBy: null, doneAt: null });
      expect(body.opportunities).toEqual([
        expect.objectContaining({
          rule: 'seats_high',
          potentialArr: 24_000,
          createdBy: expect.stringContaining('Ann'),
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('/renewals shows the expansion potential and how it is computed', async () => {
    const answer = await command('/renewals', '90');
    expect(answer).toContain('$24,000 expansion potential on 1 account');
    expect(answer).toContain('expansion +$24,000');
    expect(answer).toContain('arrUplift');
  });

  it('an expansion signal is not a risk: /risk and the account card leave it out', async () => {
    // Acme's only open alert is the seats signal (acknowledged by the opportunity above).
    const open = await get()
      .db.selectFrom('alerts')
      .select('rule')
      .where('account_id', '=', acme)
      .where('status', '<>', 'resolved')
      .execute();
    expect(open.map((a) => a.rule)).toEqual(['seats_high']);
    const risk = await command('/risk', '');
    expect(risk).not.toContain('Acme Corp');
    expect(risk).not.toContain('seats');
    const card = await command('/health', 'acme');
    expect(card).toContain('Open alerts (0)');
    expect(card).not.toContain('seats');
  });
});
