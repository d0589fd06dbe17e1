import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as cs from './cs';
import * as followup from './followup';
import * as followups from './followups';
import * as health from './health';
import * as loops from './loops';
import * as renewals from './renewals';
import * as risk from './risk';
import { slashCommand } from './slash-command';
import * as stats from './stats';

/** Every slash command Tend answers; the manifest test checks this list against the manifest. */
export const COMMANDS = [health, followup, followups, renewals, risk, loops, stats, cs];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any slash command but Tend's own (Bolt runs every listener that matches). */
export const UNKNOWN_COMMAND = new RegExp(
  `^(?!(?:${COMMANDS.map((c) => escapeRegExp(c.command)).join('|')})$)/`,
);

export function registerCommands(app: App, deps: SlackDeps): void {
  for (const c of COMMANDS) app.command(c.command, c.listener(deps));
  // A command routed here that Tend does not know (a typo in the local workspace, a command
  // left in the manifest) gets the answer Teams gives: "I don't know the command …" and the
  // list, instead of no ack and Slack's "operation_timeout".
  app.command(UNKNOWN_COMMAND, slashCommand(deps, null));
}
