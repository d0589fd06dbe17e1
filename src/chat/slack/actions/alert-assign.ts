import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { alertValue, clickedAction, runAlertClick } from './alert-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.alertAssign;

/** The user picker: the chosen person is looked up for a name to show on the card. */
export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runAlertClick(deps, args, actionId, async () => {
    const clicked = clickedAction(args);
    const v = alertValue.safeParse(clicked.value);
    if (!v.success || !clicked.selectedUser) return null;
    const assignee = await deps.identify(args.client, clicked.selectedUser);
    return {
      alertId: v.data.alertId,
      action: { kind: 'assign', assignee: { id: assignee.id, name: `@${assignee.name}` } },
    };
  });
