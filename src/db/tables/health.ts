import type { ColumnType } from 'kysely';
import type { Day, Json } from './accounts';

export interface HealthSnapshotsTable {
  account_id: number;
  day: Day;
  score: number | null;
  band: 'green' | 'yellow' | 'red' | null;
  /** MeasureResult[] of domain/health, as computed that day. */
  measures: Json<unknown>;
  /** Driver[] of domain/health. */
  drivers: Json<unknown>;
  onboarding: boolean;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
