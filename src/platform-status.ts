/**
 * Whether each chat platform answered, as the process last saw it. /readyz shows it in its body;
 * the status code stays about the database (see http/routes/health.ts for why).
 */
export type PlatformState =
  /** Reached and accepted our credentials. */
  | 'connected'
  /** Not reached yet (network, 5xx, rate limit): retrying in the background. */
  | 'unreachable'
  /** Reached, and it refused the credentials: nothing will work until they are fixed. */
  | 'rejected'
  /** Configured; checked on first use (Teams fetches its tokens lazily). */
  | 'configured';

export interface PlatformReport {
  state: PlatformState;
  /** Why, in a few words (the last error), when not connected. */
  detail?: string;
  since: string;
}

export interface PlatformStatus {
  set(platform: string, state: PlatformState, detail?: string): void;
  snapshot(): Record<string, PlatformReport>;
}

export function createPlatformStatus(now: () => Date = () => new Date()): PlatformStatus {
  const reports = new Map<string, PlatformReport>();
  return {
    set(platform, state, detail) {
      const before = reports.get(platform);
      const since = before?.state === state ? before.since : now().toISOString();
      reports.set(platform, { state, ...(detail ? { detail } : {}), since });
    },
    snapshot: () => Object.fromEntries(reports),
  };
}
