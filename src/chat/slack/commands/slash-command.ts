import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandNeedsEmail, failureReply, runChatCommand } from '../../../app/chat-commands';
import type { ChatReply } from '../../../app/chat-reply';
import { knownLocale } from '../../../app/chat-users';
import { defaultLocale } from '../../../app/languages';
import { lateReply, slowPart, trackWaiting } from '../../../app/late-answer';
import { t } from '../../../cards/i18n/t';
import type { Locale } from '../../../domain/locale';
import { withTimeout } from '../../../with-timeout';
import { uploadCharts } from '../charts';
import type { SlackDeps } from '../deps';
import { unescapeSlackText } from '../escaping';
import { ACK_DEADLINE_MS, toResponse, withinDeadline } from '../render';

/**
 * A late answer still comes within this long. A database that hangs (not down: connections
 * accept and never answer) or a Slack call that never returns would otherwise leave the
 * person with "Working on it…" for good; the server's statement_timeout cannot fire while the
 * server itself is stuck. The answer then says which was slow (app/late-answer.ts).
 */
export const LATE_ANSWER_MS = 10_000;

export type CommandListener = (
  args: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
) => Promise<void>;

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * People are matched by e-mail (PRODUCT.md): a mention in a command (`/stats <@U123|jane>`)
 * becomes the person's e-mail from their profile; one without an e-mail stays as it was and
 * the parser says so.
 */
async function mentionsAsEmails(
  deps: SlackDeps,
  client: Parameters<CommandListener>[0]['client'],
  text: string,
): Promise<string> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!))].slice(0, 5);
  if (ids.length === 0) return text;
  const emails = new Map<string, string>();
  for (const id of ids) {
    const person = await deps.identify(client, id);
    if (person.email) emails.set(id, person.email);
  }
  return text.replace(MENTION, (whole, id: string) => emails.get(id) ?? whole);
}

/**
 * Every slash command is the same translation: `/health acme` → runChatCommand("health acme").
 * The answer goes back in the ack when it is ready in time (one round trip, no extra call);
 * otherwise the ack says "working on it" and the answer follows through response_url.
 */
export function slashCommand(deps: SlackDeps, word: string | null): CommandListener {
  return async ({ command, ack, respond, client }) => {
    // null: a command Tend has no listener for; its own word makes the parser say so.
    // The person's language as soon as it is known; the default until then (an answer that
    // comes late, or a failure, is said in it).
    let locale: Locale = defaultLocale(deps.ctx);
    const typed = `${word ?? command.command.replace(/^\//, '')} ${unescapeSlackText(command.text ?? '')}`;
    // Slack calls made by the work count as "waiting on Slack" for the late answer.
    const { waiting, done } = trackWaiting(async (): Promise<ChatReply> => {
      // Only /stats names people (its manifest entry escapes mentions as <@U…>).
      const text = word === 'stats' ? await mentionsAsEmails(deps, client, typed) : typed;
      // "Mine" commands need the profile (a users.info call or a cached row); the others only
      // the person's language, from the cached profile, read once when there is none yet.
      const needsProfile = commandNeedsEmail(deps.ctx, text);
      const known = needsProfile ? null : await knownLocale(deps.ctx, 'slack', command.user_id);
      const plain = {
        id: command.user_id,
        email: null,
        name: command.user_name ?? command.user_id,
      };
      const user =
        known !== null
          ? plain
          : await deps.identify(client, command.user_id).catch((error: unknown) => {
              // Only the language was wanted: answer in the default one rather than not at all.
              if (needsProfile) throw error;
              deps.ctx.log.warn({ err: error }, 'slack profile lookup failed');
              return plain;
            });
      const personal = known === null ? ('locale' in user ? user.locale : null) : known.locale;
      if (personal) locale = personal;
      return runChatCommand(deps.ctx, {
        platform: 'slack',
        user,
        locale: personal,
        channelId: command.channel_id || null,
        // A slash command in the app's DM (D…) or a direct message between people.
        direct: command.channel_name === 'directmessage' || /^D/.test(command.channel_id ?? ''),
        text,
        // trigger_id is unique per invocation and the same on a retry of it.
        requestKey: command.trigger_id,
      });
    });
    const work = done.catch((error: unknown) => {
      deps.ctx.log.error({ err: error, command: command.command }, 'slash command failed');
      return failureReply(error, locale);
    });
    const ready = await withinDeadline(work, ACK_DEADLINE_MS);
    if (ready) {
      await ack(toResponse(ready));
      // Pictures are drawn and uploaded after the answer is acknowledged.
      await uploadCharts(deps, client, command.user_id, ready.card);
      return;
    }
    await ack({ response_type: 'ephemeral', text: t(locale, 'error.workingOnIt') });
    const boundMs = deps.lateAnswerMs ?? LATE_ANSWER_MS;
    const late = await withTimeout(work, boundMs, 'the work').catch(async () => {
      // Say what is actually slow: Slack, the database, or neither (then it is logged).
      const part = await slowPart(deps.ctx, waiting);
      deps.ctx.log.warn(
        { command: command.command, slow: part, boundMs },
        'a slash command missed its late answer bound',
      );
      return lateReply(part, 'Slack', locale);
    });
    try {
      await respond({ ...toResponse(late), replace_original: true });
    } catch (error) {
      deps.ctx.log.error({ err: error }, 'could not send a late answer');
    }
    await uploadCharts(deps, client, command.user_id, late.card);
  };
}
