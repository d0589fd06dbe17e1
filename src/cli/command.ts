import type { AppContext } from '../app/context';
import type { MessageKey } from '../cards/i18n/t';
import type { CliIo, ExitCode } from './io';

export interface CliCommand {
  name: string;
  /** One line per form, shown by `tend help`. */
  usage: string[];
  /** What the command does (a catalog key: `tend help` is in the CLI's language), beside the first form. */
  summary: MessageKey;
  /** What each further form does, by its index in `usage` (else only the first has a line). */
  forms?: Record<number, MessageKey>;
  /** Commands run on a migrated database unless they manage migrations themselves. */
  migratesItself?: boolean;
  run(args: string[], ctx: AppContext, io: CliIo): Promise<ExitCode>;
}
