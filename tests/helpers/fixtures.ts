import type { AppContext } from '../../src/app/context';
import type { AlertCardView } from '../../src/cards/alert-card';
import { fixedClock } from '../../src/clock';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { DatabaseHandle } from '../../src/db/database';
import type { DB } from '../../src/db/schema';
import { addDays } from '../../src/domain/dates';
import { silentLogger } from '../../src/log';

export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ TEND_DATA_DIR: '/nonexistent', ...env });
}

/** An app context on a test database at a fixed instant. */
export function testContext(handle: DatabaseHandle, at = '2026-11-23T10:00:00Z'): AppContext {
  return { db: handle.db, config: testConfig(), clock: fixedClock(at), log: silentLogger };
}

export interface AccountFixture {
  external_id: string;
  name: string;
  domain?: string | null;
  owner_email?: string | null;
  arr?: number | null;
  renewal_date?: string | null;
  contract_start?: string | null;
  segment?: string | null;
}

export async function insertAccount(db: DB, account: AccountFixture): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({
      domain: null,
      owner_email: null,
      arr: null,
      renewal_date: null,
      contract_start: '2024-01-01',
      segment: null,
      ...account,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `days` days of usage ending on `today`; `shape(i)` gives day i's numbers (0 = oldest). */
export async function insertUsage(
  db: DB,
  accountId: number,
  today: string,
  days: number,
  shape: (i: number) => { active: number; seats: number; logins: number; features?: number },
): Promise<void> {
  const rows = Array.from({ length: days }, (_, i) => {
    const s = shape(i);
    return {
      account_id: accountId,
      day: addDays(today, i - days + 1),
      active_users: s.active,
      seats: s.seats,
      logins: s.logins,
      core_features_used: s.features ?? null,
      core_features_total: s.features === undefined ? null : 10,
    };
  });
  await db.insertInto('usage_daily').values(rows).execute();
}

/** An open usage-decline alert on Acme Corp, fired at `at`, as the alert card shows it. */
export function openAlertView(
  at: Date,
  summary = 'active users down 40% vs the previous 30 days',
): AlertCardView {
  return {
    alert: {
      id: 1,
      rule: 'usage_decline',
      severity: 'warning',
      summary,
      status: 'open',
      fired_at: at,
      acknowledged_at: null,
      assignee: null,
      snoozed_until: null,
      resolved_at: null,
      escalated_at: null,
    },
    account: { name: 'Acme Corp', owner: null, arr: null, renewalDate: null },
    people: {},
    timeZone: 'UTC',
    now: at,
  };
}
