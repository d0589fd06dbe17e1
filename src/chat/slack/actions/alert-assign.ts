import { ACTIONS } from '../../../cards/actions';
import { runAlertClick } from './alert-click';
import { slackAction } from './typed';

/** The user picker: the chosen person is looked up for a name to show on the card. */
export const alertAssign = slackAction(
  ACTIONS.alertAssign,
  (deps) => (args, value) =>
    runAlertClick(deps, args, ACTIONS.alertAssign, async () => {
      const picked = (args.action as { selected_user?: string }).selected_user;
      if (!picked) return null;
      const assignee = await deps.identify(args.client, picked);
      return {
        alertId: value.alertId,
        action: { kind: 'assign', assignee: { id: assignee.id, name: `@${assignee.name}` } },
      };
    }),
);
