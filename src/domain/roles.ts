/**
 * Who may do what. Settings name admins and managers by e-mail; everyone else is a member.
 * Admins may do everything managers may.
 */
export type Role = 'admin' | 'manager' | 'member';

export interface RoleSettings {
  admins: readonly string[];
  managers: readonly string[];
}

export function roleOf(settings: RoleSettings, email: string | null | undefined): Role {
  const e = email?.trim().toLowerCase();
  if (!e) return 'member';
  if (settings.admins.some((a) => a.toLowerCase() === e)) return 'admin';
  if (settings.managers.some((m) => m.toLowerCase() === e)) return 'manager';
  return 'member';
}

/**
 * Team-wide numbers (`/stats team`, another person's): managers and admins. Settings that name
 * nobody (a fresh install, a small team) leave them open to everyone: refusing every person
 * would only hide the numbers from the team that has not set roles yet.
 */
export function maySeeTeamStats(role: Role, settings?: RoleSettings): boolean {
  if (settings && settings.admins.length === 0 && settings.managers.length === 0) return true;
  return role === 'admin' || role === 'manager';
}
