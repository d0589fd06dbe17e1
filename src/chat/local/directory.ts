import { accountOwners } from '../../app/account-lookup';
import type { AppContext } from '../../app/context';
import type { LocalUser } from './state';

/** Used when the database has no owners yet (an empty database before any import). */
const FALLBACK_EMAILS = ['jane@tend.example', 'omar@tend.example'];

/** "jane.doe@x" → "Jane Doe". */
function nameOf(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

/** A Slack-shaped user id from the e-mail: stable across restarts, so links keep working. */
function idOf(email: string, taken: Set<string>): string {
  const base = `U${(email.split('@')[0] ?? 'USER').replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
  let id = base.slice(0, 20);
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 18)}${n}`;
  taken.add(id);
  return id;
}

/**
 * The people of the local workspace: the account owners in the data (the demo's CSMs), so
 * acting as one of them shows their portfolio and follow-ups. The first user is who the page
 * acts as until another is picked.
 */
export async function loadLocalUsers(ctx: AppContext, limit = 50): Promise<LocalUser[]> {
  const emails = await accountOwners(ctx, limit);
  const taken = new Set<string>();
  return (emails.length > 0 ? emails : FALLBACK_EMAILS).map((email) => ({
    id: idOf(email, taken),
    email,
    name: nameOf(email),
  }));
}
