import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { slashCommand } from './slash-command';

/**
 * Every slash command Tend answers; the manifest test checks this list against the manifest.
 * Each is the same translation (`/health acme` → the chat command "health acme").
 */
export const COMMANDS = [
  'health',
  'followup',
  'followups',
  'note',
  'renewals',
  'risk',
  'loops',
  'stats',
  'play',
  'cs',
].map((word) => ({ command: `/${word}`, listener: (deps: SlackDeps) => slashCommand(deps, word) }));

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
