import type { AppContext } from '../../app/context';
import type { Route } from '../../http/server';
import { localWorkspaceRoutes } from './page-routes';
import {
  createLocalWorkspace,
  decideLocalWorkspace,
  type LocalJobRunner,
  type LocalWorkspace,
} from './workspace';

export interface StartedLocalWorkspace {
  workspace: LocalWorkspace;
  routes: Route[];
  /** Call once the server listens; answers the page's URL. */
  start(baseUrl: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The local workspace if this configuration wants it (see decideLocalWorkspace), with every
 * route it serves; null otherwise (after logging why, when that is worth knowing).
 */
export function startLocalWorkspaceFor(
  ctx: AppContext,
  jobs?: LocalJobRunner,
): StartedLocalWorkspace | null {
  const decision = decideLocalWorkspace(ctx.config);
  if (!decision.on) {
    if (decision.note) ctx.log.warn(decision.note);
    return null;
  }
  const workspace = createLocalWorkspace({ ctx, decision, ...(jobs ? { jobs } : {}) });
  return {
    workspace,
    // The Teams view posts to /api/messages, which main mounts while the local workspace runs.
    routes: [...workspace.routes, ...localWorkspaceRoutes(workspace)],
    start: async (baseUrl) => {
      const url = await workspace.start(baseUrl);
      ctx.log.info({ url }, 'local workspace ready (no Slack or Teams account needed)');
      return url;
    },
    stop: () => workspace.stop(),
  };
}
