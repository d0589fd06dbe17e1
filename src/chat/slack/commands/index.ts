import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as cs from './cs';
import * as followup from './followup';
import * as followups from './followups';
import * as health from './health';
import * as renewals from './renewals';
import * as risk from './risk';

/** Every slash command Tend answers; the manifest test checks this list against the manifest. */
export const COMMANDS = [health, followup, followups, renewals, risk, cs];

export function registerCommands(app: App, deps: SlackDeps): void {
  for (const c of COMMANDS) app.command(c.command, c.listener(deps));
}
