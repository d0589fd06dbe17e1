import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/app/chat-reply';
import type { AppContext } from '../../src/app/context';
import { answerQuestion } from '../../src/app/questions';
import { renderText } from '../../src/cards/text';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/fixtures';
import { type LlmStandIn, startLlmStandIn } from '../helpers/llm-stand-in';

// The optional language model, against a local stand-in of an OpenAI-compatible endpoint that
// the official client talks to. Whatever goes wrong, the parser's answer is given instead.
describeEachDatabase('questions: the optional language model', (get) => {
  let llm: LlmStandIn;
  let warnings: string[];
  const contextWith = (env: Record<string, string>): AppContext => ({
    db: get().db,
    config: loadConfig(env),
    clock: fixedClock('2026-11-23T10:00:00Z'),
    log: createLogger('warn', { write: (line: string) => void warnings.push(line) }),
  });
  let ctx: AppContext;
  const ask = async (text: string, c = ctx) => {
    const request: ChatRequest = {
      platform: 'slack',
      user: { id: 'U1', email: 'jane@tend.example', name: 'Jane' },
      channelId: 'D1',
      text,
      requestKey: `k-${text}`,
    };
    return renderText((await answerQuestion(c, request)).card);
  };
  // The parser cannot read it: "worry" and "most" are no filters.
  const HARD = 'which customers should I worry about the most';

  beforeAll(async () => {
    llm = await startLlmStandIn();
    ctx = contextWith({
      TEND_LLM_URL: llm.url,
      TEND_LLM_MODEL: 'stand-in-1',
      TEND_LLM_TIMEOUT_MS: '5000',
    });
    const globex = await insertAccount(get().db, {
      external_id: 'globex',
      name: 'Globex Corporation',
      arr: 300_000,
      owner_email: 'jane@tend.example',
    });
    await get()
      .db.insertInto('health_snapshots')
      .values({
        account_id: globex,
        day: '2026-11-23',
        score: 31,
        band: 'red',
        measures: '[]',
        drivers: '[]',
        onboarding: false,
      })
      .execute();
    await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp', arr: 10_000 });
  });
  afterAll(() => llm.close());
  beforeEach(() => {
    llm.requests.length = 0;
    warnings = [];
  });

  it('answers through a read-only tool and cites the accounts the tool returned', async () => {
    llm.script([
      { kind: 'tool', name: 'find_accounts', args: { bands: ['red'], owner: 'me' } },
      { kind: 'text', text: 'Globex Corporation is red: start there.' },
    ]);
    const text = await ask(HARD);
    expect(text).toContain('Globex Corporation is red: start there.');
    expect(text).toContain('Accounts used: Globex Corporation');
    expect(text).toContain('language model stand-in-1');
    // The tool ran on our data: its result went back to the model in the second request.
    expect(llm.requests).toHaveLength(2);
    const toolResult = llm.requests[1]!.messages.find((m) => m.role === 'tool');
    expect(JSON.stringify(toolResult)).toContain('Globex Corporation');
    expect(JSON.stringify(toolResult)).not.toContain('Acme Corp');
    expect(llm.requests[0]!.model).toBe('stand-in-1');
  });

  it('looks one account up with account_health', async () => {
    llm.script([
      { kind: 'tool', name: 'account_health', args: { account: 'globex' } },
      { kind: 'text', text: 'Its score is 31.' },
    ]);
    const text = await ask('is globex going to churn do you think');
    expect(text).toContain('Its score is 31.');
    expect(text).toContain('Accounts used: Globex Corporation');
  });

  const fallsBack = async (why: string, c = ctx) => {
    const text = await ask(HARD, c);
    expect(text, why).toContain("didn't understand");
    expect(text).not.toContain('language model');
    expect(warnings.join('\n')).toContain('language model answer not used');
  };

  it('falls back to the parser on garbage', async () => {
    llm.script([{ kind: 'raw', body: 'this is not { json' }]);
    await fallsBack('garbage');
    llm.script([{ kind: 'raw', body: '{"choices":[]}' }]);
    await fallsBack('no choices');
  });

  it('falls back on an error status', async () => {
    llm.script([{ kind: 'raw', status: 503, body: '{"error":{"message":"overloaded"}}' }]);
    await fallsBack('503');
  });

  it('falls back when the model is slow, within the timeout', async () => {
    const impatient = contextWith({
      TEND_LLM_URL: llm.url,
      TEND_LLM_MODEL: 'stand-in-1',
      TEND_LLM_TIMEOUT_MS: '300',
    });
    llm.script([{ kind: 'slow', ms: 4_000, reply: { kind: 'text', text: 'too late' } }]);
    const started = Date.now();
    await fallsBack('slow', impatient);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('falls back when the model calls a tool that does not exist, and runs nothing', async () => {
    llm.script([
      { kind: 'tool', name: 'run_sql', args: { sql: 'delete from accounts' } },
      { kind: 'text', text: 'Done.' },
    ]);
    await fallsBack('unknown tool');
    expect(llm.requests).toHaveLength(1);
    const left = await get().db.selectFrom('accounts').select('id').execute();
    expect(left).toHaveLength(2);
  });

  it('falls back on bad tool arguments and on an answer no tool backs', async () => {
    llm.script([{ kind: 'tool', name: 'find_accounts', args: { bands: ['purple'] } }]);
    await fallsBack('bad arguments');
    llm.script([{ kind: 'text', text: 'Probably Acme, they always churn.' }]);
    await fallsBack('ungrounded');
  });

  it('is never asked what the parser understands, and is off by default', async () => {
    expect(await ask('red accounts')).toContain('Globex Corporation');
    expect(llm.requests).toHaveLength(0);
    const off = contextWith({});
    expect(off.config.llm).toBeNull();
    expect(await ask(HARD, off)).toContain("didn't understand");
    expect(llm.requests).toHaveLength(0);
    // Half a configuration is refused at start, not silently off.
    expect(() => loadConfig({ TEND_LLM_URL: llm.url })).toThrow(/set both/);
    expect(() => loadConfig({ TEND_LLM_MODEL: 'm' })).toThrow(/set both/);
  });
});
