import type { Generated, Selectable } from 'kysely';
import type { Instant } from './accounts';

/** The kinds the migration's check allows (domain/timeline.ts TOUCH_KINDS names the same). */
export type TouchKind =
  | 'call'
  | 'meeting'
  | 'email'
  | 'demo'
  | 'qbr'
  | 'message'
  | 'note'
  | 'other';

/** A touchpoint logged by a person (migration 0070_timeline). */
export interface TouchpointsTable {
  id: Generated<number>;
  account_id: number;
  kind: TouchKind;
  text: string;
  logged_by: string;
  /** A saved chat message: who wrote it. */
  author: string | null;
  platform: string;
  /** A saved chat message: the link back to it. */
  link: string | null;
  at: Instant;
  request_key: string | null;
}
export type Touchpoint = Selectable<TouchpointsTable>;
