import { apiKeyCommand } from './api-key';
import type { CliCommand } from './command';
import { healthCommand } from './health';
import { importCommand } from './import';
import { migrateCommand } from './migrate';

/** Every CLI command but `serve`, in the order `tend help` lists them. */
export const commands: CliCommand[] = [migrateCommand, healthCommand, importCommand, apiKeyCommand];

export function findCommand(name: string): CliCommand | undefined {
  return commands.find((c) => c.name === name);
}
