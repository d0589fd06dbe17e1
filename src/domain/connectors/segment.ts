import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_DAY, MIN_DAY, storable } from '../ingest/fields';
import { type RowError, rowErrorsFromIssues } from '../ingest/row-errors';
import type { SegmentSettings } from './settings';

// Segment's tracking spec (https://segment.com/docs/connections/spec/), the part Tend reads.
// RudderStack speaks the same spec. Unknown fields are allowed (the spec has many Tend does
// not use); the fields Tend reads are checked, and one bad message rejects its batch.

export const SEGMENT_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

const id = z
  .union([z.string(), z.number().finite()], { error: 'must be a string or a number' })
  .transform((v) => String(v).trim())
  .pipe(storable(z.string().min(1, 'must not be empty').max(200, 'longer than 200 characters')));

const bag = z.record(z.string(), z.unknown(), { error: 'must be an object' });

const time = z.string({ error: 'must be an ISO 8601 time' }).refine((v) => {
  const t = Date.parse(v);
  return !Number.isNaN(t) && v.slice(0, 10) >= MIN_DAY && v.slice(0, 10) <= MAX_DAY;
}, 'must be an ISO 8601 time like 2026-11-02T14:30:00Z');

const message = z
  .looseObject({
    type: z.enum(SEGMENT_TYPES, { error: `must be one of ${SEGMENT_TYPES.join(', ')}` }),
    messageId: id.optional(),
    userId: id.nullish(),
    anonymousId: id.nullish(),
    event: storable(z.string().trim().min(1, 'must not be empty').max(200)).optional(),
    groupId: id.nullish(),
    timestamp: time.nullish(),
    originalTimestamp: time.nullish(),
    traits: bag.nullish(),
    properties: bag.nullish(),
    context: bag.nullish(),
  })
  .superRefine((m, ctx) => {
    if (!m.userId && !m.anonymousId) {
      ctx.addIssue({
        code: 'custom',
        path: ['userId'],
        message: 'userId or anonymousId is required',
      });
    }
    if (m.type === 'track' && !m.event) {
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'required for track' });
    }
    if (m.type === 'group' && !m.groupId) {
      ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'required for group' });
    }
  });

/** A message as Tend uses it. */
export interface SegmentMessage {
  index: number;
  type: SegmentType;
  messageId: string;
  /** userId, else `anon:` + anonymousId: whom active-user counts count. */
  user: string;
  /** The userId proper (group calls link it to the account). */
  userId: string | null;
  event: string | null;
  groupId: string | null;
  /** The account a track event names itself (context.groupId, properties.groupId). */
  accountHint: string | null;
  at: Date;
  traits: Record<string, unknown>;
}

export interface ParsedMessages {
  messages: SegmentMessage[];
  errors: RowError[];
}

/**
 * Checks messages and gives each a messageId: the sender's, or for a message without one a
 * hash of its content, so a resent copy is still recognised. Times may not lie more than a day
 * ahead of `now`; a message without one happened `now`.
 */
export function parseSegmentMessages(
  inputs: readonly unknown[],
  now: Date,
  impliedType?: SegmentType,
): ParsedMessages {
  const out: ParsedMessages = { messages: [], errors: [] };
  const latest = now.getTime() + 86_400_000;
  inputs.forEach((input, index) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      out.errors.push({ index, field: '(message)', reason: 'must be an object' });
      return;
    }
    const withType =
      impliedType && !('type' in input) ? { ...input, type: impliedType } : (input as object);
    const parsed = message.safeParse(withType);
    if (!parsed.success) {
      out.errors.push(...rowErrorsFromIssues(index, withType, parsed.error.issues));
      return;
    }
    const m = parsed.data;
    if (impliedType && m.type !== impliedType) {
      out.errors.push({ index, field: 'type', reason: `must be ${impliedType} on this path` });
      return;
    }
    const stamp = m.timestamp ?? m.originalTimestamp;
    const at = stamp ? new Date(stamp) : now;
    if (at.getTime() > latest) {
      out.errors.push({ index, field: 'timestamp', reason: 'is in the future' });
      return;
    }
    const context = m.context ?? {};
    const properties = m.properties ?? {};
    out.messages.push({
      index,
      type: m.type,
      messageId:
        m.messageId ??
        `auto:${createHash('sha256').update(JSON.stringify(input)).digest('base64url')}`,
      user: m.userId ?? `anon:${m.anonymousId}`,
      userId: m.userId ?? null,
      event: m.event ?? null,
      groupId: m.groupId ?? null,
      accountHint: idOf(context.groupId) ?? idOf(properties.groupId) ?? idOf(properties.group_id),
      at,
      traits: m.traits ?? (context.traits as Record<string, unknown> | undefined) ?? {},
    });
  });
  return out;
}

function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && v.length <= 200) return v.trim();
  return null;
}

/** The account fields an account row takes, as far as an existing account already has them. */
export type AccountFields = Record<string, unknown> & { external_id: string };

/**
 * The account a `group` call describes, as an /api/v1/accounts row: the mapped traits over
 * what Tend already holds (a group call usually carries a few traits, and a row is the whole
 * record, so fields it does not mention keep their value). Validation is the accounts schema's.
 */
export function accountFromGroup(
  groupId: string,
  traits: Record<string, unknown>,
  names: SegmentSettings['traits'],
  existing: AccountFields | null,
): AccountFields {
  const row: AccountFields = { ...(existing ?? {}), external_id: groupId };
  const set = (field: string, trait: string, map: (v: unknown) => unknown = (v) => v) => {
    const value = traits[trait];
    if (value !== undefined && value !== null) row[field] = map(value);
  };
  set('name', names.name);
  set('tier', names.plan);
  set('arr', names.arr);
  set('owner_email', names.ownerEmail);
  set('domain', names.domain, hostOf);
  return row;
}

/** The seats a group call states, when it states a usable number. */
export function seatsFromGroup(
  traits: Record<string, unknown>,
  names: SegmentSettings['traits'],
): number | null | undefined {
  const value = traits[names.seats];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 2_147_483_647 ? n : null;
}

/** `https://www.acme.com/about` → `www.acme.com`; anything else is kept as written. */
function hostOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(value.trim());
  return m?.[1] ?? value;
}

/** One account's activity, already attributed: the input of the daily roll-up. */
export interface Activity {
  accountId: number;
  day: string;
  user: string;
  event: string | null;
}

export interface ActivityRollup {
  users: { accountId: number; day: string; user: string; logins: number }[];
  features: { accountId: number; day: string; feature: string }[];
}

/**
 * Folds events into per-user logins and per-day features. Event names compare without case
 * (a login event named "signed in" in one place and "Signed In" in another is one event); a
 * feature is stored under its configured spelling. Output is sorted by key, so concurrent
 * batches take row locks in one order.
 */
export function rollupActivity(
  activity: readonly Activity[],
  settings: Pick<SegmentSettings, 'loginEvent' | 'coreFeatures'>,
): ActivityRollup {
  const login = settings.loginEvent.toLowerCase();
  const features = new Map(settings.coreFeatures.map((f) => [f.toLowerCase(), f]));
  const users = new Map<string, { accountId: number; day: string; user: string; logins: number }>();
  const used = new Map<string, { accountId: number; day: string; feature: string }>();
  for (const a of activity) {
    const key = JSON.stringify([a.accountId, a.day, a.user]);
    let u = users.get(key);
    if (!u) {
      u = { accountId: a.accountId, day: a.day, user: a.user, logins: 0 };
      users.set(key, u);
    }
    const name = a.event?.toLowerCase();
    if (name === undefined) continue;
    if (name === login) u.logins++;
    const feature = features.get(name);
    if (feature)
      used.set(JSON.stringify([a.accountId, a.day, feature]), {
        accountId: a.accountId,
        day: a.day,
        feature,
      });
  }
  const byKey =
    <T extends { accountId: number; day: string }>(k: (t: T) => string) =>
    (a: T, b: T) =>
      a.accountId - b.accountId ||
      (a.day < b.day ? -1 : a.day > b.day ? 1 : k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0);
  return {
    users: [...users.values()].sort(byKey((u) => u.user)),
    features: [...used.values()].sort(byKey((f) => f.feature)),
  };
}
