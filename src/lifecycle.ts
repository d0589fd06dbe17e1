import type { Logger } from './log';

/**
 * Start and stop as one stack: each resource, once open, registers how to close it. Stopping
 * (or a start that failed half-way) closes them in reverse order, each even if an earlier one
 * failed, so nothing opened is left holding the process open (a websocket, a listener, a
 * pool) and nothing is closed before what depends on it.
 */
export interface Disposers {
  add(name: string, close: () => unknown): void;
  /** Closes everything registered, newest first; safe to call twice. */
  closeAll(): Promise<void>;
}

export function createDisposers(log: Logger): Disposers {
  const stack: { name: string; close: () => unknown }[] = [];
  let closing: Promise<void> | null = null;
  return {
    add(name, close) {
      stack.push({ name, close });
    },
    closeAll() {
      closing ??= (async () => {
        for (let entry = stack.pop(); entry; entry = stack.pop()) {
          try {
            await entry.close();
          } catch (error) {
            log.warn({ err: error, resource: entry.name }, `closing ${entry.name} failed`);
          }
        }
      })();
      return closing;
    },
  };
}
