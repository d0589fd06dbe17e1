import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';

/** A scrape answers well within Prometheus' default 10 s scrape timeout. */
const SCRAPE_DB_TIMEOUT_MS = 2_000;

/**
 * Prometheus metrics for one process: HTTP traffic by route (the pattern, never the raw path:
 * ids would explode the label set), process defaults, and the delivery outbox read from
 * Postgres at scrape time (so every replica reports the shared queue the same way).
 */
export interface Metrics {
  registry: Registry;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
}

/** Reads the outbox's unsent counts (app/job-status's outboxBacklog); null: no database. */
export type BacklogSource = () => Promise<{ pending: number; failed: number }>;

export function createMetrics(backlog: BacklogSource | null): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tend_' });
  const requests = new Counter({
    name: 'tend_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tend_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  if (backlog) {
    // One query per scrape, shared by both gauges: prom-client starts every metric's collect
    // in the same pass, so the second finds the first one's query still in flight.
    // A scrape must answer while the database is down or hung: report it, not a 500.
    let inFlight: Promise<{ pending: number; failed: number } | null> | null = null;
    const counts = () => {
      // Only the unsent: each count reads its partial index, so a scrape costs what the queue
      // holds, not the history of sent messages kept for the retention window.
      inFlight ??= withTimeout(backlog(), SCRAPE_DB_TIMEOUT_MS, 'the database')
        .catch(() => null)
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    };
    new Gauge({
      name: 'tend_database_up',
      help: '1 when the database answered the last scrape in time, else 0',
      registers: [registry],
      async collect() {
        this.set((await counts()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tend_outbox_messages',
      help: 'Outgoing messages in the delivery outbox not sent yet, by status (pending, failed)',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const unsent = await counts();
        if (!unsent) return;
        this.set({ status: 'pending' }, unsent.pending);
        this.set({ status: 'failed' }, unsent.failed);
      },
    });
  }
  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      duration.observe({ route }, seconds);
    },
  };
}
