import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
} from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../log';

export { TurnContext };

export interface TeamsSettings {
  /** Empty: local and unauthenticated (no token checked, replies carry none). */
  appId: string;
  /** Tenants whose activities are served; null serves every tenant. */
  allowedTenants: ReadonlySet<string> | null;
}

/** Bot Framework's own variable names, read from the validated environment. */
export function teamsSettings(config: Config): TeamsSettings {
  const list = (config.env.TEAMS_ALLOWED_TENANTS ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return {
    appId: config.env.MicrosoftAppId ?? '',
    allowedTenants: list.length > 0 ? new Set(list) : null,
  };
}

/**
 * CloudAdapter with ConfigurationBotFrameworkAuthentication: with an app id, inbound requests
 * need a Bot Framework JWT for that id (401 otherwise) and outbound calls get a token; with
 * none, authentication is off, which is what the local workspace and tests use.
 */
export function createTeamsAdapter(config: Config, log: Logger): CloudAdapter {
  const adapter = new CloudAdapter(teamsAuthentication(config));
  adapter.onTurnError = async (context, error) => {
    log.error(
      { err: error, type: context.activity.type, conversation: context.activity.conversation?.id },
      'teams turn failed',
    );
  };
  return adapter;
}

function teamsAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  const env = config.env;
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? 'MultiTenant',
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
  });
}

export type InboundAuth = 'ok' | 'unauthorized' | 'unavailable';

const NETWORK =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|network timeout|socket hang up/i;

/** True when the error says the token metadata (OpenID configuration, signing keys) was out of reach. */
function unreachable(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; type?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.type === 'system' || e.type === 'request-timeout') return true;
  return [e.code, e.errno, e.message].some((v) => typeof v === 'string' && NETWORK.test(v));
}

/**
 * Checks an inbound request's token before the adapter sees it, so the answer is ours: 401 for a
 * missing, malformed or untrusted token, 'unavailable' (503) when the token service's metadata
 * cannot be fetched, each logged in one line. The adapter itself would print the error's stack
 * to stderr and answer 500 for anything that is not its own AuthenticationError. (It checks
 * the token again; the signing keys are cached by then, so that costs no request.)
 */
export function inboundAuthenticator(
  config: Config,
  log: Logger,
): (activity: Partial<Activity>, authorization: string) => Promise<InboundAuth> {
  const auth = teamsAuthentication(config);
  return async (activity, authorization) => {
    try {
      await auth.authenticateRequest(activity as Activity, authorization);
      return 'ok';
    } catch (error) {
      // The SDK's AuthenticationError (not exported) carries a 4xx statusCode.
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      const refused = typeof status === 'number' && status >= 400 && status < 500;
      if (!refused && unreachable(error)) {
        log.warn({ reason: (error as Error).message }, 'teams token metadata unreachable');
        return 'unavailable';
      }
      log.warn({ reason: (error as Error).message }, 'teams request with a bad token refused');
      return 'unauthorized';
    }
  };
}
