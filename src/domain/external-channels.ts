/**
 * Channels shared outside the organisation. Tend posts internal account data (health, ARR,
 * alerts, renewals); a Slack Connect channel or a Teams conversation with guests lets people
 * of another organisation read it. Such a channel gets nothing unless an admin allowed it.
 */

/** What the platform says about a channel. */
export interface ChannelCheck {
  external: boolean;
  /** Why it counts as external, in words ("a Slack Connect channel…"); null when internal. */
  reason: string | null;
}

/** Asks a platform about one of its channels (Slack conversations.info, Teams members). */
export interface ChannelInspector {
  inspect(channelId: string): Promise<ChannelCheck>;
}

export type ChannelInspectors = Partial<Record<string, ChannelInspector>>;

/** How long a platform's answer is trusted; a channel can become shared at any time. */
export const CHANNEL_CHECK_TTL_MS = 10 * 60 * 1000;

export interface CachedCheck {
  external: boolean | null;
  reason: string | null;
  checked_at: Date | null;
  allowed_by: string | null;
}

export function isFresh(cached: CachedCheck | undefined, now: Date, ttlMs = CHANNEL_CHECK_TTL_MS) {
  return (
    cached?.external !== null &&
    cached?.external !== undefined &&
    cached.checked_at !== null &&
    now.getTime() - cached.checked_at.getTime() < ttlMs
  );
}

export type Verdict = { allowed: true; external: boolean } | { allowed: false; reason: string };

export function verdictOf(check: ChannelCheck, allowedBy: string | null): Verdict {
  if (!check.external || allowedBy) return { allowed: true, external: check.external };
  return {
    allowed: false,
    reason: `refused: this is ${check.reason ?? 'a channel shared outside the organisation'}, and Tend does not post internal account data there unless an admin allows it (/cs allow-external)`,
  };
}
