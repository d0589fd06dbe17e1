import { ACTIONS } from '../../../cards/actions';
import { runAlertClick } from './alert-click';
import { slackAction } from './typed';

/** The Snooze menu: each option's value carries the alert id and the duration. */
export const alertSnooze = slackAction(
  ACTIONS.alertSnooze,
  (deps) => (args, value) =>
    runAlertClick(deps, args, ACTIONS.alertSnooze, async () => ({
      alertId: value.alertId,
      action: { kind: 'snooze', for: value.for },
    })),
);
