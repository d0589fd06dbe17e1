import { userInfo } from 'node:os';
import { audited } from '../app/audit';
import type { AppContext } from '../app/context';
import type { CliCommand } from './command';
import type { CliIo, ExitCode } from './io';

/** The OS user running the CLI: who a CLI write is recorded as. */
export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/**
 * Runs a CLI command under the audit (app/audit.ts): a command that wrote anything leaves one
 * entry. The action is the command and its sub-command word (`api-key create`), never its other
 * arguments, which may name a person.
 */
export function runAudited(
  command: CliCommand,
  args: string[],
  ctx: AppContext,
  io: CliIo,
): Promise<ExitCode> {
  const sub = args[0] && /^[a-z][a-z-]*$/.test(args[0]) ? ` ${args[0]}` : '';
  return audited(
    ctx,
    { origin: 'cli', actor: cliActor(), action: `tend ${command.name}${sub}`, place: io.cwd },
    () => command.run(args, ctx, io),
  );
}
