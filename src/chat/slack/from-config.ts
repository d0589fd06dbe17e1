import type { AppContext } from '../../app/context';
import type { PlatformStatus } from '../../platform-status';
import type { SlackApp } from './app';

/**
 * Slack runs when it has credentials: SLACK_APP_TOKEN (Socket Mode) or SLACK_BOT_TOKEN +
 * SLACK_SIGNING_SECRET (HTTP mode at POST /slack/events). Otherwise null. Bolt and the command
 * tree load only then: a server without Slack does not carry them (~35 MB).
 */
export async function slackFromConfig(
  ctx: AppContext,
  status?: PlatformStatus,
): Promise<SlackApp | null> {
  const env = ctx.config.env;
  const token = env.SLACK_BOT_TOKEN;
  if (!token) return null;
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) return null;
  const { createSlackApp } = await import('./app');
  return createSlackApp({
    ctx,
    token,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    ...(status ? { status } : {}),
    teamId: env.SLACK_TEAM_ID,
  });
}
