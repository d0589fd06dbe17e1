import { ACTIONS } from '../../../cards/actions';
import { runAlertClick } from './alert-click';
import { slackAction } from './typed';

export const alertResolve = slackAction(
  ACTIONS.alertResolve,
  (deps) => (args, value) =>
    runAlertClick(deps, args, ACTIONS.alertResolve, async () => ({
      alertId: value.alertId,
      action: { kind: 'resolve' },
    })),
);
