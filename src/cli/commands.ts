import { apiKeyCommand } from './api-key';
import { auditCommand } from './audit';
import type { CliCommand } from './command';
import { healthCommand } from './health';
import { importCommand } from './import';
import { jobsCommand } from './jobs';
import { migrateCommand } from './migrate';
import { outboxCommand } from './outbox';
import { planCommand, prepCommand } from './plan-prep';
import { playCommand } from './play';
import { privacyCommand } from './privacy';
import { purgeAccountCommand } from './purge-account';
import { seedCommand } from './seed';
import { statsCommand } from './stats';
import { syncCommand } from './sync';
import { timelineCommand } from './timeline';

/** Every CLI command but `serve`, in the order `tend help` lists them. */
export const commands: CliCommand[] = [
  migrateCommand,
  healthCommand,
  planCommand,
  prepCommand,
  statsCommand,
  timelineCommand,
  playCommand,
  importCommand,
  syncCommand,
  apiKeyCommand,
  seedCommand,
  purgeAccountCommand,
  privacyCommand,
  jobsCommand,
  outboxCommand,
  auditCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return commands.find((c) => c.name === name);
}
