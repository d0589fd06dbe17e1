import type { ColumnType } from 'kysely';
import type { Day, Json } from './accounts';

export interface HealthSnapshotsTable {
  account_id: number;
  day: Day;
  score: number | null;
  band: 'green' | 'yellow' | 'red' | null;
  /**
   * Compact facts per measure since migration T0130 (store/health-codec.ts); before it,
   * MeasureResult[] of domain/health as computed that day.
   */
  measures: Json<unknown>;
  /** Null since T0130 (derived on read from measures); before it, Driver[] in English. */
  drivers: Json<unknown> | null;
  onboarding: boolean;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
