import type { LocalWorkspace } from './workspace';

/** Everything the page shows on load, as `user` sees it (the first user when none is named). */
export function localWorkspaceState(workspace: LocalWorkspace, user: string | null) {
  const { state } = workspace;
  const me = state.userById(user ?? '') ?? state.users[0];
  if (!me) return { users: [], me: null, channels: [], messages: {}, modals: [], home: null };
  const channels = state.channelsFor(me.id);
  return {
    users: state.users,
    me: me.id,
    slack: workspace.slackRunning(),
    jobs: workspace.jobs !== null,
    channels,
    messages: Object.fromEntries(channels.map((c) => [c.id, state.history(c.id, me.id)])),
    modals: state.modalStack(me.id),
    home: state.homes.get(me.id) ?? null,
    teams: workspace.teams() ? workspace.teams()!.history(me.id) : null,
  };
}
