import type { AppContext } from '../app/context';
import type { CliIo, ExitCode } from './io';

export interface CliCommand {
  name: string;
  /** One line per form, shown by `tend help`. */
  usage: string[];
  summary: string;
  /** Commands run on a migrated database unless they manage migrations themselves. */
  migratesItself?: boolean;
  run(args: string[], ctx: AppContext, io: CliIo): Promise<ExitCode>;
}
