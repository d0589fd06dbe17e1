import type { SlackDeps } from '../deps';
import { type CommandListener, slashCommand } from './slash-command';

export const command = '/loops';
export const listener = (deps: SlackDeps): CommandListener => slashCommand(deps, 'loops');
