import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TendError } from './errors';
import { settingsSchema } from './settings';

export type { Settings } from './settings';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Milliseconds; an empty value means "use the default", not 0 (which turns the limit off). */
const millis = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(0).max(86_400_000).default(fallback),
  );

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection string')
      .optional(),
  ),
  TEND_DATA_DIR: optionalText.default('./.tend'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url('an http(s) URL').optional()),
  /**
   * The Slack workspace (T…) or Enterprise Grid organisation (E…) Tend is installed in; requests
   * from any other are refused. Unset: the one auth.test names at start.
   */
  SLACK_TEAM_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[TE][A-Z0-9]{2,}$/, 'a Slack team id (T…) or enterprise id (E…)')
      .optional(),
  ),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optionalText.pipe(
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  ),
  MicrosoftAppTenantId: optionalText,
  /** Comma-separated Microsoft Entra tenant ids the Teams bot serves; unset serves any. */
  TEAMS_ALLOWED_TENANTS: optionalText,
  TEND_CONFIG: optionalText,
  /** The signing secret of the Zendesk webhook; unset, /api/v1/webhooks/zendesk answers 404. */
  ZENDESK_WEBHOOK_SECRET: optionalText,
  /** A HubSpot private app's access token (crm.objects.companies.read, crm.objects.owners.read). */
  HUBSPOT_ACCESS_TOKEN: optionalText,
  /** HubSpot's API base URL; only tests point it elsewhere (a local stand-in). */
  HUBSPOT_API_URL: optionalText.pipe(z.url('an http(s) URL').optional()),
  /** Postgres cancels a statement running longer than this (ms; 0 = no limit). */
  TEND_DB_STATEMENT_TIMEOUT_MS: millis(30_000),
  /** Postgres ends a session idle inside a transaction for longer than this (ms; 0 = no limit). */
  TEND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis(60_000),
  TEND_LOCAL_WORKSPACE: optionalText.pipe(z.enum(['on', 'off', 'auto']).default('auto')),
  /** How the local workspace's Slack reaches the app: signed HTTP requests, or Socket Mode. */
  TEND_LOCAL_SLACK_MODE: optionalText.pipe(z.enum(['http', 'socket']).default('http')),
  /**
   * An OpenAI-compatible endpoint (e.g. a local server's http://127.0.0.1:8080/v1) for the
   * questions the parser cannot read; with TEND_LLM_MODEL. Unset: off, nothing leaves.
   */
  TEND_LLM_URL: optionalText.pipe(z.url('an http(s) URL').optional()),
  TEND_LLM_MODEL: optionalText,
  TEND_LLM_API_KEY: optionalText,
  /** The whole model answer (every round of tool calls) must come within this (ms). */
  TEND_LLM_TIMEOUT_MS: millis(8_000),
  LOG_LEVEL: optionalText.pipe(z.enum(logLevels).default('info')),
});
export type Env = z.infer<typeof envSchema>;

/**
 * One value that decides which routes, senders and stand-ins exist. A local trial has no
 * Slack or Teams credentials and listens on loopback (on the embedded database, or on Postgres
 * when TEND_LOCAL_WORKSPACE=on asks for it): the local workspace, its Slack and Bot Connector
 * stand-ins and an unauthenticated /api/messages for its Teams view. Anything else is
 * production: no stand-in ever, /api/messages only with MicrosoftAppId (Bot Framework then
 * checks every token), and no local workspace.
 */
export type DeploymentMode = 'local' | 'production';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

function deploymentOf(e: Env, host: string): { mode: DeploymentMode; problem?: string } {
  const asked = e.TEND_LOCAL_WORKSPACE === 'on';
  const reasons = [
    ...(e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN ? ['Slack credentials are set'] : []),
    ...(e.MicrosoftAppId ? ['MicrosoftAppId is set'] : []),
    ...(isLoopback(host) ? [] : [`HOST is ${host}, not a loopback address`]),
    ...(e.DATABASE_URL && !asked ? ['DATABASE_URL is set'] : []),
  ];
  if (reasons.length === 0) return { mode: 'local' };
  return asked
    ? {
        mode: 'production',
        problem:
          `TEND_LOCAL_WORKSPACE: 'on' is refused because ${reasons.join(' and ')}: the local ` +
          'workspace lets anyone who reaches it act as any CSM, so it runs only as a local trial ' +
          '(no Slack or Teams credentials, HOST=127.0.0.1)',
      }
    : { mode: 'production' };
}

/** Server-side limits on every pooled Postgres connection (see db/database.ts). */
export interface DatabaseTimeouts {
  statementMs: number;
  idleInTransactionMs: number;
}

export interface Config {
  env: Env;
  mode: DeploymentMode;
  settings: z.infer<typeof settingsSchema>;
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
  /** Limits on every pooled Postgres connection (the embedded database has one in-process). */
  databaseTimeouts: DatabaseTimeouts;
  http: { port: number; host: string };
  /** The optional language model for questions; null = off (the default). */
  llm: LlmSettings | null;
}

export interface LlmSettings {
  url: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

function describe(issue: z.core.$ZodIssue, prefix: string, input: unknown): string {
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  let value: unknown = input;
  for (const key of issue.path) {
    value =
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const shown = value === undefined ? 'missing' : `got ${shapeOf(value)}`;
  return `${where}: ${issue.message} (${shown})`;
}

/** Shows the shape of a bad value, never the value: it may be a secret. */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function readSettingsFile(path: string): { data: unknown; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      data: {},
      problem: `TEND_CONFIG: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    };
  }
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return { data: data ?? {} };
  } catch (error) {
    return {
      data: {},
      problem: `TEND_CONFIG: ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`,
    };
  }
}

/**
 * Validates the environment and the settings file together and reports every problem in
 * one message, so a bad deployment is fixed in one go rather than one error per restart.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const env = envSchema.safeParse(source);
  if (!env.success) problems.push(...env.error.issues.map((i) => describe(i, '', source)));

  let settingsInput: unknown = {};
  const settingsPath = env.success ? env.data.TEND_CONFIG : undefined;
  if (settingsPath) {
    const file = readSettingsFile(settingsPath);
    if (file.problem) problems.push(file.problem);
    settingsInput = file.data;
  }
  const settings = settingsSchema.safeParse(settingsInput);
  if (!settings.success) {
    problems.push(...settings.error.issues.map((i) => describe(i, 'settings', settingsInput)));
  }
  const host = env.success
    ? (env.data.HOST ?? (env.data.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'))
    : '127.0.0.1';
  const deployment = env.success ? deploymentOf(env.data, host) : { mode: 'production' as const };
  if (deployment.problem) problems.push(deployment.problem);
  if (env.success && Boolean(env.data.TEND_LLM_URL) !== Boolean(env.data.TEND_LLM_MODEL)) {
    problems.push('TEND_LLM_URL and TEND_LLM_MODEL: set both to use a language model, or neither');
  }
  if (problems.length > 0 || !env.success || !settings.success) {
    throw new TendError(
      'config_invalid',
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = env.data;
  return Object.freeze({
    env: e,
    mode: deployment.mode,
    settings: settings.data,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'embedded' as const, dataDir: e.TEND_DATA_DIR },
    databaseTimeouts: {
      statementMs: e.TEND_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionMs: e.TEND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    // Embedded mode is a trial on one machine: stay on loopback unless told otherwise.
    http: { port: e.PORT, host },
    llm:
      e.TEND_LLM_URL && e.TEND_LLM_MODEL
        ? {
            url: e.TEND_LLM_URL,
            model: e.TEND_LLM_MODEL,
            apiKey: e.TEND_LLM_API_KEY ?? null,
            timeoutMs: e.TEND_LLM_TIMEOUT_MS,
          }
        : null,
  });
}
