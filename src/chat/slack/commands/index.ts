import {
  type AllMiddlewareArgs,
  type App,
  ignoreSelf,
  type SlackCommandMiddlewareArgs,
} from '@slack/bolt';
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
 * Every command, picking the word's listener by name, answered from one global middleware
 * rather than a listener: Bolt runs every registered listener's middleware chain for each
 * request, copying all the listener arguments at each level, and for /health (the hot path)
 * that fan-out was a tenth of its CPU. Anything else goes on through Bolt's own ignoreSelf
 * (the App is built with `ignoreSelf: false` so that this replaces it, same order) to the
 * listeners. A command is never the app's own event, so ignoreSelf never applied to one.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const byName = new Map(COMMANDS.map((c) => [c.command, c.listener(deps)]));
  // A command routed here that Tend does not know (a typo in the local workspace, a command
  // left in the manifest) gets the answer Teams gives: "I don't know the command …" and the
  // list, instead of no ack and Slack's "operation_timeout".
  const unknown = slashCommand(deps, null);
  app.use(async (args) => {
    if (!('command' in args) || !args.command) return ignoreSelf(args);
    const command = args as SlackCommandMiddlewareArgs & AllMiddlewareArgs;
    await (byName.get(command.command.command) ?? unknown)(command);
  });
}
