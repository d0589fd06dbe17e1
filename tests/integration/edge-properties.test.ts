import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys';
import { ACTION_IDS } from '../../src/cards/actions';
import { unstorableText } from '../../src/domain/text-input';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';
import { postCommand, postInteraction } from '../helpers/slack-signing';
import { ANN, type Harness as SlackHarness, seedAccounts, startHarness } from './slack/harness';
import {
  personal,
  startHarness as startTeams,
  type Harness as TeamsHarness,
} from './teams/harness';

// Random, hostile input at every HTTP edge of one process (Slack with real signatures, Teams in
// local mode, the ingestion API): the process stays up, nothing answers 5xx, every Slack
// request is answered within Slack's 3 s, and refused input writes nothing. Bounded: a few
// hundred cases in all.

/** Text with what breaks things: NUL and other controls, lone surrogates, any plane. */
const nastyChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }),
  fc.integer({ min: 0x7f, max: 0x9f }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
  fc.integer({ min: 0x20, max: 0xffff }),
);
const nasty = fc.oneof(
  fc.array(nastyChar, { maxLength: 40 }).map((cs) => String.fromCharCode(...cs)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('acme', 'acme: call\u0000 CFO', 'Acme Corp', '\ud800', '', ' '),
);
const huge = fc.constantFrom('x'.repeat(5_000), 'acme '.repeat(1_000), '\u0000'.repeat(4_001));
const anyText = fc.oneof({ weight: 5, arbitrary: nasty }, { weight: 1, arbitrary: huge });
const wrongType = fc.oneof(fc.jsonValue(), fc.constant(null), fc.constant([]));

const SLACK_DEADLINE_MS = 3_000;

describeEachDatabase('the HTTP edge under random input', (get) => {
  let slack: SlackHarness;
  let teams: TeamsHarness;
  let api: HttpServer;
  let apiBase: string;
  let key: string;
  const counts = async () =>
    (
      await sql<{ f: string; s: string; a: string; u: string }>`select
        (select count(*) from follow_ups) as f, (select count(*) from channel_subscriptions) as s,
        (select count(*) from accounts) as a, (select count(*) from usage_daily) as u`.execute(
        get().db,
      )
    ).rows[0]!;

  beforeAll(async () => {
    await seedAccounts(get().db);
    slack = await startHarness(get().db);
    teams = await startTeams(get());
    api = createHttpServer(apiV1Routes(slack.ctx), silentLogger);
    apiBase = (await api.listen(0, '127.0.0.1')).url;
    key = (await createApiKey(slack.ctx, 'edge')).key;
  });
  afterAll(async () => {
    await api.close();
    await teams.close();
    await slack.close();
  });

  const timed = async (work: () => Promise<Response>) => {
    const started = performance.now();
    const res = await work();
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - started };
  };

  it('signed Slack commands with any text: 200 or 4xx within 3 s, nothing written when refused', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/health', '/followup', '/followups', '/renewals', '/risk', '/cs'),
        anyText,
        fc.option(fc.constantFrom('user_id', 'channel_id', 'trigger_id', 'response_url')),
        async (command, text, missing) => {
          const before = await counts();
          const fields: Record<string, string> = {
            token: 'x',
            team_id: 'T0LOCAL',
            channel_id: 'C0FUZZ',
            user_id: ANN.id,
            user_name: 'ann',
            command,
            text,
            trigger_id: `fuzz.${++n}`,
            response_url: slack.emulator.responseUrl(),
          };
          if (missing) delete fields[missing];
          const { status, ms } = await timed(() =>
            postCommand(slack.eventsUrl, new URLSearchParams(fields).toString()),
          );
          expect(status).toBeLessThan(500);
          expect(ms).toBeLessThan(SLACK_DEADLINE_MS);
          const after = await counts();
          // Only /followup and /cs write; text over the limit is refused before anything.
          if (!['/followup', '/cs'].includes(command) || text.length > 4_000) {
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: 80 },
    );
    // What /followup did write is storable text, never empty.
    const titles = await get().db.selectFrom('follow_ups').select('title').execute();
    for (const { title } of titles) {
      expect(title.trim()).not.toBe('');
      expect(unstorableText(title)).toBeNull();
    }
  }, 90_000);

  it('signed Slack interactions of any shape: 200 or 4xx within 3 s', async () => {
    const team = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ id: 'T0LOCAL' }) },
      { weight: 1, arbitrary: wrongType },
    );
    const action = fc.record(
      {
        type: fc.constantFrom('button', 'static_select', 'datepicker'),
        action_id: fc.oneof(fc.constantFrom(...ACTION_IDS), nasty),
        block_id: nasty,
        value: fc.oneof(
          nasty,
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.constant('{"accountId":1}'),
          fc.constant('{"followUpId":1,"list":"mine"}'),
          wrongType,
        ),
        selected_option: fc.oneof(wrongType, fc.record({ value: nasty })),
        selected_date: fc.oneof(nasty, wrongType),
      },
      { requiredKeys: ['action_id'] },
    );
    const view = fc.record(
      {
        id: nasty,
        type: fc.constantFrom('modal', 'home'),
        callback_id: fc.oneof(
          fc.constantFrom('followup.log.modal', 'renewal.renewed.modal'),
          nasty,
        ),
        private_metadata: fc.oneof(
          nasty,
          fc.constant('{"accountId":1,"channelId":null}'),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        state: fc.oneof(
          wrongType,
          fc.record({
            values: fc.record({
              title: fc.record({
                title: fc.record({ type: fc.constant('plain_text_input'), value: anyText }),
              }),
              due: fc.record({ due: fc.record({ selected_date: fc.oneof(nasty, wrongType) }) }),
            }),
          }),
        ),
      },
      { requiredKeys: [] },
    );
    const payload = fc.oneof(
      { weight: 1, arbitrary: wrongType },
      {
        weight: 6,
        arbitrary: fc.record(
          {
            type: fc.oneof(
              fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut'),
              nasty,
            ),
            team,
            user: fc.oneof(
              fc.constant({ id: ANN.id, team_id: 'T0LOCAL' }),
              fc.record({ id: fc.oneof(nasty, wrongType) }),
              wrongType,
            ),
            api_app_id: fc.constant('A0TEND'),
            trigger_id: nasty,
            response_url: fc.oneof(fc.constant(slack.emulator.responseUrl()), nasty, wrongType),
            container: fc.oneof(
              wrongType,
              fc.record({ type: fc.constantFrom('message', 'view'), channel_id: nasty }),
            ),
            channel: fc.oneof(wrongType, fc.record({ id: nasty })),
            actions: fc.oneof(fc.array(action, { maxLength: 2 }), wrongType),
            view: fc.oneof(view, wrongType),
          },
          { requiredKeys: ['type', 'team'] },
        ),
      },
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const { status, ms } = await timed(() => postInteraction(slack.eventsUrl, p));
        expect(status).toBeLessThan(500);
        expect(ms).toBeLessThan(SLACK_DEADLINE_MS);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  let chats = 0;
  it('Teams activities of any shape (local mode): never 5xx', async () => {
    const activity = fc.record(
      {
        type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate'), nasty),
        text: fc.oneof(anyText, wrongType),
        value: fc.oneof(
          wrongType,
          fc.record({ verb: fc.constantFrom(...ACTION_IDS), value: nasty }),
        ),
        name: fc.oneof(fc.constant('adaptiveCard/action'), nasty),
        from: fc.oneof(
          { weight: 3, arbitrary: fc.record({ id: fc.constant('29:jane'), name: nasty }) },
          { weight: 1, arbitrary: fc.record({ id: nasty, name: nasty }) },
        ),
        conversation: fc.oneof(
          fc.constant('known'),
          fc.record({ id: nasty, conversationType: nasty }),
        ),
        channelData: fc.oneof(wrongType, fc.constant({ tenant: { id: 'tenant-one' } })),
        entities: fc.oneof(wrongType, fc.constant([])),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(activity, async (generated) => {
        // A new chat each time, so each first message stores its conversation reference.
        const a =
          generated.conversation === 'known'
            ? {
                ...generated,
                conversation: {
                  id: `a:fuzz-${++chats}`,
                  conversationType: 'personal',
                  tenantId: 'tenant-one',
                },
              }
            : generated;
        const { status } = await timed(() => teams.post(personal('', a)));
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('a Teams message with any text or sender name is answered and its chat remembered', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, nasty, async (text, name) => {
        const id = `a:fuzz-${++chats}`;
        const sent = teams.standIn.calls.length;
        const res = await teams.post(
          personal(text, {
            from: { id: '29:jane', name },
            conversation: { id, conversationType: 'personal', tenantId: 'tenant-one' },
          }),
        );
        expect(res.status).toBeLessThan(500);
        expect(teams.standIn.calls.length).toBeGreaterThan(sent);
        // The reference (which keeps the sender's name) is stored for later sends.
        const kept = await get()
          .db.selectFrom('teams_conversations')
          .select('conversation_key')
          .where('conversation_key', '=', id)
          .execute();
        expect(kept).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('API rows with hostile text or wrong types: 4xx, nothing written', async () => {
    // A valid row of each entity with one field replaced: hostile text in a text field, or a
    // value of the wrong type anywhere. Text a person could have typed is stored; the rest is
    // refused with the row and field named, and nothing is written.
    const valid: Record<string, Record<string, unknown>> = {
      accounts: { external_id: 'fuzz-acct', name: 'Fuzz Inc', segment: 'smb' },
      usage: { account_external_id: 'acme-1', day: '2026-11-20', active_users: 3 },
      tickets: {
        external_id: 'fuzz-ticket',
        account_external_id: 'acme-1',
        priority: 'high',
        status: 'open',
        subject: 'help',
        opened_at: '2026-11-01T00:00:00Z',
      },
      surveys: {
        account_external_id: 'acme-1',
        kind: 'nps',
        score: 9,
        comment: 'fine',
        answered_on: '2026-11-02',
      },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('accounts', 'usage', 'tickets', 'surveys'),
        fc.nat(),
        fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 1, arbitrary: wrongType }, huge),
        async (entity, which, value) => {
          const row = { ...valid[entity] };
          const fields = Object.keys(row);
          row[fields[which % fields.length]!] = value;
          const before = await counts();
          const res = await fetch(`${apiBase}/api/v1/${entity}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ rows: [row] }),
          });
          expect(res.status).toBeLessThan(500);
          if (res.status !== 200) expect(await counts()).toEqual(before);
          if (typeof value === 'string' && unstorableText(value.trim()) !== null) {
            expect(res.status).toBe(422);
          }
        },
      ),
      { numRuns: 120 },
    );
  }, 90_000);

  it('is still up and answering after all of it', async () => {
    expect((await fetch(slack.healthzUrl)).status).toBe(200);
  });
});
