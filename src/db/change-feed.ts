import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What a listener is told: a notification, and whether it is hearing them at all. */
export interface ChangeHandlers {
  message(payload: string): void;
  /** Listening (again): anything sent while it was not is lost, so start from nothing. */
  up(): void;
  /** Not listening: notifications may be missed from now until the next up(). */
  down(reason: string): void;
}

export interface ChangeFeed {
  stop(): Promise<void>;
}

/**
 * LISTEN on a dedicated connection (not the pool's: a pooled client would stop listening when
 * returned). When the connection fails it says down() at once, then reconnects with backoff
 * and says up() once LISTEN is in place again.
 */
export function listenPostgres(
  url: string,
  channel: string,
  handlers: ChangeHandlers,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): ChangeFeed & { client(): pg.Client | null } {
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  let stopped = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt = 0;

  const retry = (reason: string) => {
    handlers.down(reason);
    if (stopped) return;
    const wait = Math.min(maxRetryMs, retryMs * 2 ** Math.min(attempt++, 10));
    timer = setTimeout(connect, wait);
    timer.unref();
  };

  async function connect() {
    timer = null;
    if (stopped) return;
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5000,
      // Named, so an operator (or a test) can tell it from the pool's connections.
      application_name: 'tend-listen',
    });
    let failed = false;
    const fail = (reason: string) => {
      if (failed) return;
      failed = true;
      if (current === client) current = null;
      client.end().catch(() => {});
      retry(reason);
    };
    client.on('error', (error) => fail(error.message));
    client.on('end', () => fail('connection ended'));
    client.on('notification', (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      fail((error as Error).message);
      return;
    }
    if (stopped) {
      failed = true;
      await client.end().catch(() => {});
      return;
    }
    current = client;
    attempt = 0;
    handlers.up();
  }

  void connect();
  return {
    client: () => current,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const client = current;
      current = null;
      if (client) {
        client.removeAllListeners('end');
        client.removeAllListeners('error');
        client.on('error', () => {});
        await client.end().catch(() => {});
      }
      handlers.down('stopped');
    },
  };
}

/** PGlite's own LISTEN: one in-process connection, so it never drops while open. */
export async function listenEmbedded(
  pglite: PGlite,
  channel: string,
  handlers: ChangeHandlers,
): Promise<ChangeFeed> {
  const unlisten = await pglite.listen(channel, (payload) => handlers.message(payload));
  handlers.up();
  return {
    async stop() {
      await unlisten().catch(() => {});
      handlers.down('stopped');
    },
  };
}
