// The Teams view: filled in once the Teams adapter and its Bot Connector stand-in exist.
export function showTeams(root) {
  root.innerHTML =
    '<div class="teams-pane"><p class="empty">The Teams view is not part of this build yet.</p></div>';
}
