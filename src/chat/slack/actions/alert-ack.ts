import { ACTIONS } from '../../../cards/actions';
import { runAlertClick } from './alert-click';
import { slackAction } from './typed';

export const alertAck = slackAction(
  ACTIONS.alertAck,
  (deps) => (args, value) =>
    runAlertClick(deps, args, ACTIONS.alertAck, async () => ({
      alertId: value.alertId,
      action: { kind: 'ack' },
    })),
);
