import type { SlackDeps } from '../deps';
import { type CommandListener, slashCommand } from './slash-command';

export const command = '/stats';
export const listener = (deps: SlackDeps): CommandListener => slashCommand(deps, 'stats');
