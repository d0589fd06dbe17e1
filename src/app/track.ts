import {
  type Activity,
  accountFromGroup,
  parseSegmentMessages,
  rollupActivity,
  type SegmentMessage,
  type SegmentType,
  seatsFromGroup,
} from '../domain/connectors';
import { addDays } from '../domain/dates';
import { type RowError, validateRows } from '../domain/ingest';
import { dayIn } from '../domain/time-zone';
import { recordConnector } from '../store/connector-state';
import { accountIdsByExternalId } from '../store/ingest';
import {
  accountRowsByExternalId,
  accountsOfUsers,
  addActivity,
  dayTotals,
  linkUsersToAccounts,
  lockAccountDays,
  pruneActivity,
  pruneMessageIds,
  releaseMessageIds,
  setGroupSeats,
  takeMessageIds,
} from '../store/track';
import type { AppContext } from './context';
import { MAX_BATCH_ROWS } from './ingest';
import { afterIngest } from './ingest-after';
import { writeChunk } from './ingest-write';

/** Messages per request, like rows per /api/v1 batch. */
export const MAX_TRACK_MESSAGES = MAX_BATCH_ROWS;

export type TrackResult =
  | {
      ok: true;
      received: number;
      /** New messages taken into account. */
      accepted: number;
      /** Messages whose messageId was seen before (a resend): nothing done. */
      duplicates: number;
      /** Activity of a user no account is known for (no groupId, no earlier group call). */
      skipped: number;
    }
  | { ok: false; errors: RowError[] };

class Rejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('batch rejected');
  }
}

const ACTIVITY: ReadonlySet<SegmentType> = new Set(['track', 'page', 'screen']);

/**
 * Takes a batch of Segment-spec messages, all or nothing (README "Segment and RudderStack"):
 * - every message is checked first; one bad message rejects the batch, nothing is written;
 * - a messageId seen before is skipped, so a client's retry after a lost answer counts once;
 * - `group` upserts the account through the accounts schema and upsert /api/v1 uses, with the
 *   mapped traits over what Tend holds, and links the user to it;
 * - `track`, `page` and `screen` mark the user active on the account's day (the team's time
 *   zone); the login event and core-feature events count too; the account-days touched are
 *   rolled up into daily usage through the usage schema and upsert /api/v1 uses.
 */
export async function ingestTrack(
  ctx: AppContext,
  inputs: readonly unknown[],
  impliedType?: SegmentType,
): Promise<TrackResult> {
  const now = ctx.clock.now();
  const settings = ctx.config.settings.connectors.segment;
  const parsed = parseSegmentMessages(inputs, now, impliedType);
  if (parsed.errors.length > 0) {
    await recordConnector(
      ctx.db,
      'segment',
      { received: inputs.length, rejected: inputs.length },
      now,
      `batch rejected: ${describe(parsed.errors)}`,
    );
    return { ok: false, errors: parsed.errors };
  }
  try {
    const outcome = await ctx.db.transaction().execute(async (trx) => {
      const fresh = await takeMessageIds(
        trx,
        parsed.messages.map((m) => m.messageId),
        now,
      );
      // A messageId repeated inside the batch counts once, like one sent twice.
      const messages: SegmentMessage[] = [];
      for (const m of parsed.messages) {
        if (fresh.delete(m.messageId)) messages.push(m);
      }
      const touched = new Set<number>();

      // Groups first, in order: a track later in the batch may name the account they create.
      const groups = messages.filter((m) => m.type === 'group');
      const groupIds = [...new Set(groups.map((g) => g.groupId as string))];
      const existing = await accountRowsByExternalId(trx, groupIds);
      const rows = new Map<
        string,
        { index: number; row: Record<string, unknown> & { external_id: string } }
      >();
      const seats = new Map<string, number | null>();
      for (const g of groups) {
        const id = g.groupId as string;
        const before = rows.get(id)?.row ?? existing.get(id) ?? null;
        rows.set(id, {
          index: g.index,
          row: accountFromGroup(id, g.traits, settings.traits, before),
        });
        const s = seatsFromGroup(g.traits, settings.traits);
        if (s !== undefined) seats.set(id, s);
      }
      const entries = [...rows.values()];
      const checked = validateRows(
        'accounts',
        entries.map((e) => e.row),
        {
          today: dayIn(now, 'UTC'),
          indexes: entries.map((e) => e.index),
        },
      );
      if (checked.errors.length > 0) throw new Rejected(checked.errors);
      const written = await writeChunk(trx, 'accounts', checked.valid, now);
      if (!written.ok) throw new Rejected(written.errors);
      for (const id of written.result.accountIds) touched.add(id);

      const hints = [
        ...new Set(
          messages.map((m) => m.accountHint ?? m.groupId).filter((h): h is string => h !== null),
        ),
      ];
      const accountIds = await accountIdsByExternalId(trx, hints);
      const links = groups
        .filter((g) => g.userId)
        .map((g) => ({
          userId: g.userId as string,
          accountId: accountIds.get(g.groupId as string) ?? 0,
        }));
      await linkUsersToAccounts(trx, links);
      await setGroupSeats(
        trx,
        new Map([...seats].map(([groupId, n]) => [accountIds.get(groupId) ?? 0, n])),
      );

      const active = messages.filter((m) => ACTIVITY.has(m.type));
      const linked = await accountsOfUsers(trx, [
        ...new Set(active.filter((m) => !m.accountHint).map((m) => m.user)),
      ]);
      const activity: Activity[] = [];
      const skipped: string[] = [];
      for (const m of active) {
        const accountId = m.accountHint ? accountIds.get(m.accountHint) : linked.get(m.user);
        if (accountId === undefined) {
          skipped.push(m.messageId);
          continue;
        }
        activity.push({
          accountId,
          day: dayIn(m.at, ctx.config.settings.timezone),
          user: m.user,
          event: m.type === 'track' ? m.event : null,
        });
      }
      // Unattributed messages are not kept as seen: sent again after their group call, they count.
      await releaseMessageIds(trx, skipped);

      const rollup = rollupActivity(activity, settings);
      const days = rollup.users.map((u) => ({ accountId: u.accountId, day: u.day }));
      await lockAccountDays(trx, days);
      await addActivity(trx, rollup);
      const totals = await dayTotals(trx, days);
      const features = settings.coreFeatures.length;
      const usage = validateRows(
        'usage',
        totals.map((t) => ({
          account_external_id: t.account_external_id,
          day: t.day,
          active_users: t.active_users,
          seats: t.seats,
          logins: t.logins,
          core_features_used: features > 0 ? t.features : null,
          core_features_total: features > 0 ? features : null,
        })),
        { today: dayIn(now, 'UTC') },
      );
      if (usage.errors.length > 0) {
        throw new Error(`usage roll-up failed validation: ${describe(usage.errors)}`);
      }
      const usageWritten = await writeChunk(trx, 'usage', usage.valid, now);
      if (!usageWritten.ok) throw new Error(`usage roll-up: ${describe(usageWritten.errors)}`);
      for (const id of usageWritten.result.accountIds) touched.add(id);
      return {
        accepted: messages.length - skipped.length,
        duplicates: parsed.messages.length - messages.length,
        skipped: skipped.length,
        touched: [...touched],
      };
    });
    await afterIngest(ctx, 'usage', outcome.touched);
    const result = {
      ok: true as const,
      received: inputs.length,
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      skipped: outcome.skipped,
    };
    await recordConnector(
      ctx.db,
      'segment',
      {
        received: result.received,
        written: result.accepted,
        duplicates: result.duplicates,
        skipped: result.skipped,
      },
      now,
    );
    return result;
  } catch (error) {
    if (!(error instanceof Rejected)) {
      const message = error instanceof Error ? error.message : String(error);
      await recordConnector(ctx.db, 'segment', {}, now, message).catch(() => {});
      throw error;
    }
    const errors = error.errors.sort((a, b) => a.index - b.index);
    await recordConnector(
      ctx.db,
      'segment',
      { received: inputs.length, rejected: inputs.length },
      now,
      `batch rejected: ${describe(errors)}`,
    );
    return { ok: false, errors };
  }
}

function describe(errors: readonly RowError[]): string {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return first ? `message ${first.index}: ${first.field} ${first.reason}${more}` : 'no detail';
}

/**
 * Housekeeping (rides on the hourly risk job): messageIds are remembered for
 * connectors.segment.messageIdDays, raw activity as long as raw usage (retention.usageDays).
 */
export async function pruneTracking(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const { segment } = ctx.config.settings.connectors;
  await pruneMessageIds(ctx.db, new Date(now.getTime() - segment.messageIdDays * 86_400_000));
  const today = dayIn(now, ctx.config.settings.timezone);
  await pruneActivity(ctx.db, addDays(today, -ctx.config.settings.retention.usageDays));
}
