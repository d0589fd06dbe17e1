import type { AppContext } from '../../src/app/context';
import type { DB } from '../../src/db/schema';
import { settingsSchema } from '../../src/settings';
import { insertAccount, insertUsage, testConfig } from './fixtures';

/** A test config with settings overrides, as a settings file would give them. */
export function configWith(settings: Record<string, unknown>) {
  const base = testConfig();
  return { ...base, settings: settingsSchema.parse(settings) };
}

export function withSettings(ctx: AppContext, settings: Record<string, unknown>): AppContext {
  return { ...ctx, config: configWith(settings) };
}

/**
 * A small portfolio on `today`: Acme (no login for 20 days → inactivity; own channel), Beta
 * (healthy, renewal in 45 days → the 60-day reminder), Gamma (healthy, no news).
 */
export async function seedPortfolio(db: DB, today: string) {
  const acme = await insertAccount(db, {
    external_id: 'acme',
    name: 'Acme Corp',
    owner_email: 'jane@acme.com',
    arr: 120000,
    segment: 'enterprise',
  });
  await db.updateTable('accounts').set({ slack_channel: 'CACME' }).where('id', '=', acme).execute();
  await insertUsage(db, acme, today, 60, (i) => ({
    active: 20,
    seats: 40,
    logins: i < 40 ? 30 : 0,
    features: 6,
  }));
  const beta = await insertAccount(db, {
    external_id: 'beta',
    name: 'Beta GmbH',
    owner_email: 'bob@beta.de',
    arr: 50000,
    renewal_date: '2027-01-07',
    segment: 'smb',
  });
  await insertUsage(db, beta, today, 60, () => ({
    active: 30,
    seats: 40,
    logins: 50,
    features: 8,
  }));
  const gamma = await insertAccount(db, { external_id: 'gamma', name: 'Gamma Ltd', arr: 9000 });
  await insertUsage(db, gamma, today, 60, () => ({
    active: 30,
    seats: 40,
    logins: 50,
    features: 8,
  }));
  return { acme, beta, gamma };
}
