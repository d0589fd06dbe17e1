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
  'touch',
  'timeline',
  'renewals',
  'risk',
  'loops',
  'stats',
  'plan',
  'prep',
  'play',
  'cs',
].map((word) => ({ command: `/${word}`, listener: (deps: SlackDeps) => slashCommand(deps, word) }));

/**
 * One Bolt listener for every command, picking the word's listener by name: Bolt runs every
 * registered listener's middleware for each request (see registerClicks).
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const byName = new Map(COMMANDS.map((c) => [c.command, c.listener(deps)]));
  // A command routed here that Tend does not know (a typo in the local workspace, a command
  // left in the manifest) gets the answer Teams gives: "I don't know the command …" and the
  // list, instead of no ack and Slack's "operation_timeout".
  const unknown = slashCommand(deps, null);
  app.command(/^\//, (args) => (byName.get(args.command.command) ?? unknown)(args));
}
