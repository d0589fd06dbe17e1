import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { LlmSettings } from '../config';
import type { AccountFilters } from '../domain/parse/question-model';
import { RULES } from '../domain/rules/model';
import { accountsMatching } from '../store/account-query';
import { accountView } from './account-health';
import { lookupAccount } from './account-lookup';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';
import { accountQueryOf } from './questions-query';

/** What the model said, and the accounts its tools returned (cited under the answer). */
export interface ModelAnswer {
  text: string;
  cited: string[];
}

/** Why a model answer was not used; the parser's answer is given instead. */
export class ModelRefused extends Error {}

const MAX_ROUNDS = 4;
const MAX_ANSWER_CHARS = 2_000;
const ROWS_FOR_MODEL = 25;

const SYSTEM = [
  'You answer customer-success questions about the accounts in Tend, in the language of the question.',
  'Use only the tools: every fact must come from a tool result, never from your own knowledge.',
  'Answer in at most five short sentences, naming the accounts you rely on.',
].join(' ');

const findArgs = z
  .object({
    bands: z
      .array(z.enum(['red', 'yellow', 'green']))
      .max(3)
      .optional(),
    at_risk: z.boolean().optional(),
    segment: z.string().trim().min(1).max(50).optional(),
    tier: z.string().trim().min(1).max(50).optional(),
    owner: z.string().trim().min(1).max(200).optional(),
    min_arr: z.number().nonnegative().optional(),
    max_arr: z.number().nonnegative().optional(),
    renews_within_days: z.number().int().min(1).max(730).optional(),
    rule: z.enum(RULES).optional(),
    trend: z.enum(['dropping', 'improving']).optional(),
  })
  .strict();
const healthArgs = z.object({ account: z.string().trim().min(1).max(300) }).strict();

/** The read-only tools: the same use cases the commands and the parser's answers use. */
const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'find_accounts',
      description:
        'Active accounts matching every given filter, riskiest first: the total count, total ARR and up to 25 accounts.',
      parameters: {
        type: 'object',
        additionalProperties: false,
        properties: {
          bands: { type: 'array', items: { enum: ['red', 'yellow', 'green'] } },
          at_risk: { type: 'boolean', description: 'red, or with an open alert' },
          segment: { type: 'string', description: 'enterprise, mid-market or smb' },
          tier: { type: 'string', description: 'gold, silver or bronze' },
          owner: { type: 'string', description: '"me", an e-mail, or the part before the @' },
          min_arr: { type: 'number' },
          max_arr: { type: 'number' },
          renews_within_days: { type: 'integer', minimum: 1, maximum: 730 },
          rule: { enum: [...RULES], description: 'has an open alert of this rule' },
          trend: { enum: ['dropping', 'improving'], description: 'score over the last 30 days' },
        },
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'account_health',
      description: "One account's health: score, band, what drags it down, ARR, renewal, owner.",
      parameters: {
        type: 'object',
        additionalProperties: false,
        required: ['account'],
        properties: { account: { type: 'string', description: 'name, domain or id' } },
      },
    },
  },
];

function filtersOf(a: z.infer<typeof findArgs>): AccountFilters {
  const owner = a.owner?.toLowerCase();
  return {
    ...(a.bands ? { bands: a.bands } : {}),
    ...(a.at_risk ? { atRisk: true as const } : {}),
    ...(a.segment ? { segment: a.segment } : {}),
    ...(a.tier ? { tier: a.tier } : {}),
    ...(owner
      ? {
          owner:
            owner === 'me'
              ? { kind: 'me' as const }
              : owner.includes('@')
                ? { kind: 'email' as const, email: owner }
                : { kind: 'name' as const, name: owner },
        }
      : {}),
    ...(a.min_arr !== undefined ? { minArr: a.min_arr } : {}),
    ...(a.max_arr !== undefined ? { maxArr: a.max_arr } : {}),
    ...(a.renews_within_days
      ? { renewal: { unit: 'days' as const, days: a.renews_within_days } }
      : {}),
    ...(a.rule ? { rule: a.rule } : {}),
    ...(a.trend ? { trend: a.trend } : {}),
  };
}

/** Runs one tool call; what it returns goes back to the model as JSON. */
async function runTool(
  ctx: AppContext,
  email: string | null,
  name: string,
  rawArgs: string,
  cite: (name: string) => void,
): Promise<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawArgs || '{}');
  } catch {
    throw new ModelRefused(`the model's arguments to ${name} are not JSON`);
  }
  if (name === 'find_accounts') {
    const args = findArgs.safeParse(parsed);
    if (!args.success) throw new ModelRefused(`bad arguments to find_accounts`);
    if (args.data.owner?.toLowerCase() === 'me' && !email) {
      return { error: 'the asker has no e-mail in their profile, so "me" is unknown' };
    }
    const page = await accountsMatching(
      ctx.db,
      accountQueryOf(filtersOf(args.data), todayOf(ctx), email),
      ROWS_FOR_MODEL,
    );
    for (const r of page.rows) cite(r.name);
    return {
      total: page.total,
      arr_total: page.arrTotal,
      accounts: page.rows.map((r) => ({
        name: r.name,
        band: r.band,
        score: r.score,
        arr: r.arr,
        renewal_date: r.renewalDate,
        owner: r.ownerEmail,
      })),
    };
  }
  if (name === 'account_health') {
    const args = healthArgs.safeParse(parsed);
    if (!args.success) throw new ModelRefused('bad arguments to account_health');
    const found = await lookupAccount(ctx, args.data.account);
    if (found.kind === 'ambiguous') return { several_match: found.matches.map((m) => m.name) };
    if (found.kind === 'none')
      return { none_match: true, did_you_mean: found.suggestions.map((s) => s.name) };
    const v = await accountView(ctx, found.account);
    cite(v.name);
    return {
      name: v.name,
      score: v.health?.score ?? null,
      band: v.health?.band ?? null,
      drivers: v.health?.drivers.map((d) => d.text) ?? [],
      delta_30_days: v.trend?.delta30 ?? null,
      arr: v.arr,
      renewal: v.renewal,
      owner: v.owner,
      open_alerts: v.alerts.items.map((a) => a.text),
    };
  }
  throw new ModelRefused(`the model called a tool that does not exist: ${name.slice(0, 60)}`);
}

/**
 * Asks the configured model, letting it call the read-only tools (never SQL, never a write).
 * Throws (ModelRefused, a timeout, the client's errors) when the answer cannot be used: no
 * answer, garbage, an unknown tool, bad arguments, or an answer no tool result backs.
 */
export async function askModel(
  ctx: AppContext,
  settings: LlmSettings,
  question: string,
  email: string | null,
): Promise<ModelAnswer> {
  // Loaded on the first question: most installs have no model, and the SDK costs ~13 MB.
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({
    baseURL: settings.url,
    apiKey: settings.apiKey ?? 'none',
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  // One deadline for every round together: a slow model is given up on, not waited for.
  const signal = AbortSignal.timeout(settings.timeoutMs);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: question },
  ];
  const cited = new Set<string>();
  let toolsRun = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const completion = await client.chat.completions.create(
      { model: settings.model, messages, tools: TOOLS, temperature: 0 },
      { signal },
    );
    const message = completion?.choices?.[0]?.message;
    if (!message || typeof message !== 'object') throw new ModelRefused('no message in the answer');
    const calls = message.tool_calls ?? [];
    if (calls.length > 0) {
      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
      for (const call of calls) {
        if (call.type !== 'function') throw new ModelRefused('a tool call that is not a function');
        const result = await runTool(ctx, email, call.function.name, call.function.arguments, (n) =>
          cited.add(n),
        );
        toolsRun += 1;
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      }
      continue;
    }
    const text = typeof message.content === 'string' ? message.content.trim() : '';
    if (text === '') throw new ModelRefused('an empty answer');
    if (toolsRun === 0) throw new ModelRefused('an answer without looking anything up');
    return { text: text.slice(0, MAX_ANSWER_CHARS), cited: [...cited] };
  }
  throw new ModelRefused(`no answer after ${MAX_ROUNDS} rounds of tool calls`);
}
