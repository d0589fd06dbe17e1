/**
 * Who may change a channel's subscriptions. With admins listed in the settings, a person may
 * change only the subscriptions they created; admins may change any. With no admins listed
 * there is nobody to hand the rights to, so everyone may (a trial or a small team).
 */
export function mayManage(
  admins: readonly string[],
  requester: { key: string; email: string | null; aliases?: readonly string[] },
  creators: readonly string[],
): boolean {
  if (admins.length === 0) return true;
  const email = requester.email?.toLowerCase();
  if (email && admins.some((a) => a.toLowerCase() === email)) return true;
  // A subscription made before Tend knew the person's e-mail is keyed by their platform id.
  const me = new Set([requester.key, ...(requester.aliases ?? [])].map((k) => k.toLowerCase()));
  return creators.every((c) => me.has(c.toLowerCase()));
}

/** How a subscription records its creator: the e-mail, else the platform's user id. */
export function creatorKey(platform: string, user: { id: string; email: string | null }): string {
  return user.email ?? `${platform}:${user.id}`;
}
