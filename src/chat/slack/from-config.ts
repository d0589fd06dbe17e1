import type { AppContext } from '../../app/context';
import type { PlatformStatus } from '../../platform-status';
import { createSlackApp, type SlackApp } from './app';

/**
 * Slack runs when it has credentials: SLACK_APP_TOKEN (Socket Mode) or SLACK_BOT_TOKEN +
 * SLACK_SIGNING_SECRET (HTTP mode at POST /slack/events). Otherwise null.
 */
export function slackFromConfig(ctx: AppContext, status?: PlatformStatus): SlackApp | null {
  const env = ctx.config.env;
  const token = env.SLACK_BOT_TOKEN;
  if (!token) return null;
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) return null;
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
