/** Where a command writes. The terminal, or the control socket when a running server runs it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when a person watches a terminal: progress bars only then. */
  interactive: boolean;
  cwd: string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
};

/** A command's result: the exit code (0 ok, 1 failure, 2 usage or ambiguous input). */
export type ExitCode = number;
