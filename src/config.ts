import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isMessageKey, type Params, t, tm } from './cards/i18n/t';
import { type Locale, type Msg, normalizeLocale, shellLocale } from './domain/locale';
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
      .regex(/^postgres(ql)?:\/\//, 'config.expect.postgresUrl')
      .optional(),
  ),
  TEND_DATA_DIR: optionalText.default('./.tend'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'config.expect.appToken').optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url('config.expect.url').optional()),
  /**
   * The Slack workspace (T…) or Enterprise Grid organisation (E…) Tend is installed in; requests
   * from any other are refused. Unset: the one auth.test names at start.
   */
  SLACK_TEAM_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[TE][A-Z0-9]{2,}$/, 'config.expect.slackTeam')
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
  HUBSPOT_API_URL: optionalText.pipe(z.url('config.expect.url').optional()),
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
  TEND_LLM_URL: optionalText.pipe(z.url('config.expect.url').optional()),
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

function deploymentOf(
  e: Env,
  host: string,
  locale: Locale,
): { mode: DeploymentMode; problem?: string } {
  const asked = e.TEND_LOCAL_WORKSPACE === 'on';
  const reasons = [
    ...(e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN ? [t(locale, 'config.reason.slack')] : []),
    ...(e.MicrosoftAppId ? [t(locale, 'config.reason.teams')] : []),
    ...(isLoopback(host) ? [] : [t(locale, 'config.reason.host', { host })]),
    ...(e.DATABASE_URL && !asked ? [t(locale, 'config.reason.database')] : []),
  ];
  if (reasons.length === 0) return { mode: 'local' };
  return asked
    ? {
        mode: 'production',
        problem: t(locale, 'config.localRefused', {
          reasons: reasons.join(t(locale, 'config.and')),
        }),
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

/**
 * One problem as a line: the variable or settings path as written, what it takes, and the
 * shape of what was given. What it takes is our catalog's words when the schema names a key
 * ('config.expect.url'), else zod's own (in Chinese from zod's zh-CN locale, see loadConfig).
 */
function describe(issue: z.core.$ZodIssue, prefix: string, input: unknown, locale: Locale) {
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  let value: unknown = input;
  for (const key of issue.path) {
    value =
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const params = 'params' in issue && issue.params ? (issue.params as Params) : {};
  const what = isMessageKey(issue.message) ? t(locale, issue.message, params) : issue.message;
  const shown =
    value === undefined ? t(locale, 'config.missing') : t(locale, 'config.got', shapeOf(value));
  return t(locale, 'config.problem', { where, what, shown });
}

/** The shape of a bad value, never the value: it may be a secret. */
function shapeOf(value: unknown): { shape: string } {
  if (value === null) return { shape: 'null' };
  if (Array.isArray(value)) return { shape: 'list' };
  if (typeof value === 'string') return { shape: value.length === 0 ? 'empty' : 'string' };
  return { shape: typeof value };
}

function readSettingsFile(path: string): { data: unknown; problem?: Msg } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { data: {}, problem: { key: 'config.cannotRead', params: { path, code } } };
  }
  try {
    const data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return { data: data ?? {} };
  } catch (error) {
    // The parser's own reason (line and column) stays as the parser says it.
    const format = path.endsWith('.json') ? 'JSON' : 'YAML';
    const reason = (error as Error).message.split('\n')[0] ?? '';
    return { data: {}, problem: { key: 'config.notParsed', params: { path, format, reason } } };
  }
}

/**
 * The language of configuration problems, before there is a configuration: TEND_LANG or a
 * Chinese LANG, else the settings file's `language` when it can be read, else English.
 */
function configLocale(source: NodeJS.ProcessEnv, settingsInput: unknown): Locale {
  const language =
    settingsInput && typeof settingsInput === 'object'
      ? (settingsInput as Record<string, unknown>).language
      : undefined;
  return (
    shellLocale(source) ?? normalizeLocale(typeof language === 'string' ? language : null) ?? 'en'
  );
}

/** zod's words for its own checks ("Too big: expected …") in `locale`: English is zod's default. */
const ZOD_WORDS: Record<Locale, z.core.$ZodErrorMap | undefined> = {
  en: undefined,
  'zh-CN': z.locales.zhCN().localeError,
};

/**
 * Validates the environment and the settings file together and reports every problem in
 * one message, so a bad deployment is fixed in one go rather than one error per restart.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // The settings file is read first: its `language` words every problem, the env's too.
  const settingsPath = source.TEND_CONFIG?.trim() || undefined;
  const file = settingsPath ? readSettingsFile(settingsPath) : { data: {} };
  const settingsInput: unknown = file.data;
  const locale = configLocale(source, settingsInput);
  const words = ZOD_WORDS[locale] ? { error: ZOD_WORDS[locale] } : undefined;

  const problems: string[] = [];
  const env = envSchema.safeParse(source, words);
  if (!env.success) problems.push(...env.error.issues.map((i) => describe(i, '', source, locale)));
  if (file.problem) problems.push(tm(locale, file.problem));
  const settings = settingsSchema.safeParse(settingsInput, words);
  if (!settings.success) {
    problems.push(
      ...settings.error.issues.map((i) => describe(i, 'settings', settingsInput, locale)),
    );
  }
  const host = env.success
    ? (env.data.HOST ?? (env.data.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'))
    : '127.0.0.1';
  const deployment = env.success
    ? deploymentOf(env.data, host, locale)
    : { mode: 'production' as const };
  if (deployment.problem) problems.push(deployment.problem);
  if (env.success && Boolean(env.data.TEND_LLM_URL) !== Boolean(env.data.TEND_LLM_MODEL)) {
    problems.push(t(locale, 'config.llmBoth'));
  }
  if (problems.length > 0 || !env.success || !settings.success) {
    // Variable names, settings paths and values stay as typed; the sentences are in `locale`.
    throw new TendError(
      'config_invalid',
      t(locale, 'config.invalid', { n: problems.length, problems: problems.join('\n  - ') }),
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
