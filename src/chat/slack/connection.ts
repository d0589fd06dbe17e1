import { webApi } from '@slack/bolt';
import type { Logger } from '../../log';
import type { PlatformStatus } from '../../platform-status';

const quiet: webApi.Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};

/** Slack's answers that mean "this token will never work", as opposed to "try again later". */
const REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

export interface SlackIdentity {
  teamId?: string;
  /** Set for an Enterprise Grid install; with orgWide, the whole organisation is served. */
  enterpriseId?: string;
  orgWide?: boolean;
  team?: string;
  botId?: string;
  botUserId?: string;
}

export type ProbeResult =
  | { ok: true; identity: SlackIdentity }
  | { ok: false; rejected: boolean; reason: string };

/**
 * One auth.test, no retries and a short timeout: start-up must not wait on Slack's default
 * retry schedule to learn that Slack is down. Sorts the answer into accepted, rejected (the
 * token is bad: stop) and unreachable (network, 5xx, 429: try again later).
 */
export async function probeSlack(token: string, apiUrl?: string): Promise<ProbeResult> {
  const client = new webApi.WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    timeout: 5_000,
    rejectRateLimitedCalls: true,
    // The outcome is logged once by the caller; the client's own lines would repeat it.
    logger: quiet,
  });
  try {
    const auth = await client.auth.test();
    return {
      ok: true,
      identity: {
        ...(auth.team_id ? { teamId: auth.team_id } : {}),
        ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}),
        ...(auth.is_enterprise_install === true ? { orgWide: true } : {}),
        ...(auth.team ? { team: auth.team } : {}),
        ...(auth.bot_id ? { botId: auth.bot_id } : {}),
        ...(auth.user_id ? { botUserId: auth.user_id } : {}),
      },
    };
  } catch (error) {
    const e = error as { code?: string; data?: { error?: string }; message?: string };
    if (e.code === webApi.ErrorCode.PlatformError) {
      const code = e.data?.error ?? 'unknown';
      return { ok: false, rejected: REJECTED.has(code), reason: code };
    }
    return { ok: false, rejected: false, reason: unreachableReason(error) };
  }
}

/** The socket's reason (ECONNREFUSED, ETIMEDOUT, HTTP 503) rather than "fetch failed". */
function unreachableReason(error: unknown): string {
  type Nested = { code?: unknown; message?: unknown; cause?: Nested; original?: Nested };
  const e = error as Nested & { statusCode?: unknown };
  if (typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`;
  for (let at: Nested | undefined = e.original; at; at = at.cause ?? at.original) {
    if (typeof at.code === 'string' && /^E[A-Z_]+$/.test(at.code)) return at.code;
  }
  const message = typeof e.message === 'string' ? e.message : String(error);
  return message.split('\n')[0] ?? 'unknown';
}

export interface SlackConnection {
  /** Known once auth.test answered; Bolt's authorize reads it for every request. */
  identity(): SlackIdentity;
  /** Stops the background retries. */
  stop(): void;
}

export interface ConnectOptions {
  token: string;
  apiUrl?: string;
  log: Logger;
  status: PlatformStatus;
  /** Called once Slack answered (at start or later): Socket Mode connects here. */
  onConnected(identity: SlackIdentity): Promise<void>;
  /** First retry delay; doubles up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export class SlackTokenRejected extends Error {
  /** Slack's own error code (invalid_auth, account_inactive…), said as Slack gave it. */
  constructor(readonly reason: string) {
    super(`Slack refused SLACK_BOT_TOKEN (auth.test: ${reason})`);
  }
}

/**
 * Checks the token at start. A token Slack refuses throws SlackTokenRejected (start-up stops:
 * nothing would ever work). Slack not answering does not: the state becomes 'unreachable',
 * one line says so, and auth.test is retried in the background until Slack answers, while
 * the outbox keeps what is queued for Slack pending.
 */
export async function connectSlack(options: ConnectOptions): Promise<SlackConnection> {
  const { log, status } = options;
  let identity: SlackIdentity = {};
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let delay = options.firstDelayMs ?? 2_000;
  const maxDelay = options.maxDelayMs ?? 60_000;

  const connected = async (who: SlackIdentity) => {
    identity = who;
    log.info({ team: who.team, bot: who.botUserId }, 'slack connected');
    status.set('slack', 'connected');
    await options.onConnected(who);
  };

  const retry = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      timer = null;
      if (stopped) return;
      const result = await probeSlack(options.token, options.apiUrl);
      if (stopped) return;
      if (result.ok) {
        try {
          await connected(result.identity);
          return;
        } catch (error) {
          status.set('slack', 'unreachable', (error as Error).message);
        }
      } else if (result.rejected) {
        status.set('slack', 'rejected', result.reason);
        log.error(
          { reason: result.reason },
          `Slack refused SLACK_BOT_TOKEN (${result.reason}); not retrying until restarted`,
        );
        return;
      } else {
        status.set('slack', 'unreachable', result.reason);
        log.debug({ reason: result.reason, retryInMs: delay }, 'slack still unreachable');
      }
      delay = Math.min(maxDelay, delay * 2);
      retry();
    }, delay);
    timer.unref();
  };

  const first = await probeSlack(options.token, options.apiUrl);
  if (first.ok) {
    await connected(first.identity);
  } else if (first.rejected) {
    status.set('slack', 'rejected', first.reason);
    throw new SlackTokenRejected(first.reason);
  } else {
    status.set('slack', 'unreachable', first.reason);
    log.warn(
      { reason: first.reason },
      `Slack is unreachable (${first.reason}); starting anyway, retrying in the background`,
    );
    retry();
  }
  return {
    identity: () => identity,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
