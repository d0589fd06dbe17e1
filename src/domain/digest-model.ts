// What a digest is made of: the portfolio it reads and the sections it shows.
import type { Band } from './health';
import type { Msg } from './locale';

/** Slack's limit per message; the renderer adds the header block. */
export const MAX_MESSAGE_BLOCKS = 50;
/** "Short, never noisy": no section lists more than this, whatever the budget. */
export const MAX_ITEMS_PER_SECTION = 8;
export const RENEWAL_HORIZON_DAYS = 90;
export const MIN_DROP_POINTS = 5;

export interface DigestAccount {
  id: number;
  name: string;
  arr: number | null;
  owner: string | null;
  renewalDate: string | null;
  score: number | null;
  band: Band | null;
  /** At the last digest (null: unknown or first digest). */
  prevScore: number | null;
  prevBand: Band | null;
}

export interface DigestAlert {
  accountName: string;
  summary: string;
  /** The summary as code and values (rules SummaryArgs); null on older alerts. */
  summaryArgs?: unknown;
  severity: string;
  firedAt: Date;
}

export interface DigestFollowUp {
  accountName: string;
  title: string;
  dueOn: string;
  owner: string | null;
}

/** An account past its touch cadence (see timeline.ts CheckInDue). */
export interface DigestCheckIn {
  accountName: string;
  owner: string | null;
  cadenceDays: number;
  /** The day of the last touch; null = none logged. */
  lastTouchOn: string | null;
  overdueDays: number;
}

export interface DigestInput {
  today: string;
  /** Day of the last digest, or null for the first one. */
  since: string | null;
  accounts: DigestAccount[];
  alerts: DigestAlert[];
  followUps: DigestFollowUp[];
  checkIns?: DigestCheckIn[];
}

export interface DigestRow {
  text: string;
  detail?: string;
  /**
   * The same row as a message for the reader's language; parameters named money, day and
   * relative hold the raw amount, ISO day and day count, band names (from, to) the band.
   */
  msg: Msg;
  detailMsg?: Msg;
  /** An alert row: its summary as code and values, worded for the reader (the msg's `text`). */
  summaryArgs?: unknown;
  /** The account the row is about: the card offers to open it. */
  accountId?: number;
}

export interface DigestSection {
  key: 'turned' | 'drops' | 'renewals' | 'alerts' | 'overdue' | 'checkins';
  title: string;
  titleMsg: Msg;
  rows: DigestRow[];
  /** Rows not shown ("and N more"). */
  more: number;
}

export interface BandCount {
  band: Band | 'none';
  count: number;
  /** Change since the last digest; null on the first. */
  change: number | null;
}

export interface Digest {
  counts: BandCount[];
  sections: DigestSection[];
  /** Blocks the rendered message takes (header included): ≤ MAX_MESSAGE_BLOCKS. */
  blocks: number;
}
