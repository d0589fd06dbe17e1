import type { WebClient } from '@slack/web-api';
import type { ChatIdentity } from '../../app/chat-users';
import { resolveChatUser } from '../../app/chat-users';
import type { AppContext } from '../../app/context';
import { platformCall } from '../../app/late-answer';

/** What every Slack listener needs: the app context and a way to know who clicked. */
export interface SlackDeps {
  ctx: AppContext;
  identify(client: WebClient, userId: string): Promise<ChatIdentity>;
  /** How long a late answer may take (default LATE_ANSWER_MS); tests shorten it. */
  lateAnswerMs?: number;
}

export function slackDeps(ctx: AppContext, o: { lateAnswerMs?: number } = {}): SlackDeps {
  return {
    ctx,
    ...(o.lateAnswerMs ? { lateAnswerMs: o.lateAnswerMs } : {}),
    identify: (client, userId) =>
      resolveChatUser(ctx, 'slack', userId, async (id) => {
        const { user } = await platformCall(() =>
          client.users.info({ user: id, include_locale: true }),
        );
        const profile = user?.profile;
        return {
          email: profile?.email ?? null,
          tz: user?.tz ?? null,
          locale: user?.locale ?? null,
          name:
            profile?.display_name || profile?.real_name || user?.real_name || user?.name || null,
        };
      }),
  };
}
