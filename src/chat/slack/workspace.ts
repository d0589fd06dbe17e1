// A request signed with our signing secret can still come from another workspace: the secret
// belongs to the app, and an app distributed (or installed twice) signs for every workspace it
// is in. Tend serves one workspace's data, so a request must name the installed one.

/** The workspace Tend serves: a team (T…) or, for an org-wide install, an enterprise (E…). */
export interface InstalledWorkspace {
  teamId: string | null;
  enterpriseId: string | null;
  /** Org-wide (Enterprise Grid) install: any team of the enterprise is ours. */
  orgWide: boolean;
}

/** From SLACK_TEAM_ID: a T… id is a team, an E… id an org-wide install. */
export function configuredWorkspace(id: string | undefined): InstalledWorkspace | null {
  if (!id) return null;
  return id.startsWith('E')
    ? { teamId: null, enterpriseId: id, orgWide: true }
    : { teamId: id, enterpriseId: null, orgWide: false };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const idOf = (v: unknown): string | null =>
  v && typeof v === 'object' ? str((v as { id?: unknown }).id) : null;

/** The team and enterprise a Slack body names (commands, interactions, events). */
export function workspaceOf(body: Record<string, unknown>): {
  teamId: string | null;
  enterpriseId: string | null;
} {
  const user =
    body.user && typeof body.user === 'object' ? (body.user as Record<string, unknown>) : {};
  return {
    teamId: str(body.team_id) ?? idOf(body.team) ?? str(user.team_id),
    enterpriseId: str(body.enterprise_id) ?? idOf(body.enterprise),
  };
}

/**
 * Why a request from `body` is not for the installed workspace, or null when it is. A request
 * that names no team is refused too: Slack always names one.
 */
export function foreignWorkspace(
  body: Record<string, unknown>,
  installed: InstalledWorkspace,
): string | null {
  const from = workspaceOf(body);
  if (installed.orgWide) {
    return from.enterpriseId === installed.enterpriseId
      ? null
      : `enterprise ${from.enterpriseId ?? '(none)'} is not ${installed.enterpriseId}`;
  }
  if (from.teamId !== installed.teamId) {
    return `team ${from.teamId ?? '(none)'} is not ${installed.teamId}`;
  }
  if (from.enterpriseId && installed.enterpriseId && from.enterpriseId !== installed.enterpriseId) {
    return `enterprise ${from.enterpriseId} is not ${installed.enterpriseId}`;
  }
  return null;
}

/** Bodies Bolt answers itself before any listener (no data in them, no team named). */
export function isHandshake(body: Record<string, unknown>): boolean {
  return body.type === 'url_verification' || body.ssl_check === '1';
}
