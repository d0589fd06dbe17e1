import type { Msg } from './domain/locale';

/**
 * An error a user can meet (bad input, unreachable database, unknown account). It carries a
 * stable code and a one-line message; the CLI prints the message and exits with `exitCode`,
 * the HTTP and chat edges turn it into a clear answer. Anything else is a programming error.
 */
export class TendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
    /** The same problem as catalog key and parameters, for a chat reply in the reader's language. */
    readonly msg?: Msg,
  ) {
    super(message);
    this.name = 'TendError';
  }
}

export function isTendError(error: unknown): error is TendError {
  return error instanceof TendError;
}
