import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { alertValue, clickedAction, runAlertClick } from './alert-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.alertResolve;

export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runAlertClick(deps, args, actionId, async () => {
    const v = alertValue.safeParse(clickedAction(args).value);
    return v.success ? { alertId: v.data.alertId, action: { kind: 'resolve' } } : null;
  });
