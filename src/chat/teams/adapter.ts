import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
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
  const env = config.env;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? 'MultiTenant',
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error(
      { err: error, type: context.activity.type, conversation: context.activity.conversation?.id },
      'teams turn failed',
    );
  };
  return adapter;
}
