// The JSON Slack sends for clicks and views, built from what the workspace stored: the app
// receives payloads shaped exactly like Slack's.
import { type LocalUser, type LocalView, TEAM_ID } from './state';

export const APP_ID = 'A0TENDLOCAL';

export type Json = Record<string, unknown>;
export type ViewValues = Record<string, Record<string, Json>>;

/** Slack's verification token, deprecated but still sent in every payload. */
const VERIFICATION_TOKEN = 'local-verification-token';

const handle = (u: Pick<LocalUser, 'id' | 'email'>) => u.email?.split('@')[0] || u.id.toLowerCase();

export const userJson = (u: Pick<LocalUser, 'id' | 'email'>) => ({
  id: u.id,
  username: handle(u),
  name: handle(u),
  team_id: TEAM_ID,
});
export const team = { id: TEAM_ID, domain: 'tend-local' };

export function findElement(blocks: unknown[], blockId: string, actionId: string): Json | null {
  for (const b of blocks as Json[]) {
    if (b?.block_id !== blockId) continue;
    const candidates = [
      ...((b.elements as Json[] | undefined) ?? []),
      ...(b.accessory ? [b.accessory as Json] : []),
      ...(b.element ? [b.element as Json] : []),
    ];
    const found = candidates.find((e) => e?.action_id === actionId);
    if (found) return found;
  }
  return null;
}

export function optionsOf(element: Json): Json[] {
  const groups = (element.option_groups as Json[] | undefined) ?? [];
  return [
    ...((element.options as Json[] | undefined) ?? []),
    ...groups.flatMap((g) => (g.options as Json[]) ?? []),
  ];
}

/** The `actions[0]` Slack sends for a click on `element`. */
export function actionJson(
  element: Json,
  blockId: string,
  selected: string | undefined,
  ts: string,
) {
  const base = {
    type: element.type,
    block_id: blockId,
    action_id: element.action_id,
    action_ts: ts,
  };
  switch (element.type) {
    case 'button':
      return { ...base, text: element.text, value: element.value, style: element.style };
    case 'static_select':
    case 'overflow':
    case 'radio_buttons': {
      const option = optionsOf(element).find((o) => o.value === selected);
      return { ...base, selected_option: option ?? null };
    }
    case 'users_select':
      return { ...base, selected_user: selected ?? null };
    case 'datepicker':
      return { ...base, selected_date: selected ?? null };
    default:
      return { ...base, value: selected };
  }
}

export function viewJson(v: LocalView, values: ViewValues = {}) {
  return {
    ...v.view,
    id: v.id,
    team_id: TEAM_ID,
    app_id: APP_ID,
    bot_id: 'BTENDBOT',
    hash: `${v.id}.hash`,
    root_view_id: v.id,
    previous_view_id: null,
    external_id: '',
    private_metadata: v.view.private_metadata ?? '',
    callback_id: v.view.callback_id ?? '',
    state: { values },
  };
}

/**
 * Plays Slack's part when a person uses the local workspace: commands, clicks, submissions
 * and Home tab visits become the signed requests Slack would send to the app, and the app's
 * answers (ack bodies, response_url posts) land in the conversation as Slack would show them.
 */

/** A slash command as Slack sends it: form fields. */
export function commandForm(f: {
  user: Pick<LocalUser, 'id' | 'email'>;
  command: string;
  text: string;
  channelId: string;
  channelName: string;
  responseUrl: string;
  triggerId: string;
}): URLSearchParams {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    team_domain: team.domain,
    channel_id: f.channelId,
    channel_name: f.channelName,
    user_id: f.user.id,
    user_name: handle(f.user),
    command: f.command,
    text: f.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  });
}

/** An interaction (block_actions, view_submission) with the fields Slack puts around each. */
export function interactionJson<P extends Json>(
  user: Pick<LocalUser, 'id' | 'email'>,
  triggerId: string | null,
  payload: P,
): P & Json {
  return {
    ...payload,
    user: userJson(user),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    ...(triggerId ? { trigger_id: triggerId } : {}),
    team,
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** An Events API callback around `event`, as Slack posts it (or sends it over Socket Mode). */
export function eventCallback(event: Json, eventId: string, botUserId: string): Json {
  return {
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
    authorizations: [{ team_id: TEAM_ID, user_id: botUserId, is_bot: true }],
  };
}
