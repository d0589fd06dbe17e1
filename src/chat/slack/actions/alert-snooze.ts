import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { clickedAction, runAlertClick, snoozeValue } from './alert-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.alertSnooze;

/** The Snooze menu: each option's value carries the alert id and the duration. */
export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runAlertClick(deps, args, actionId, async () => {
    const v = snoozeValue.safeParse(clickedAction(args).selectedOption);
    return v.success
      ? { alertId: v.data.alertId, action: { kind: 'snooze', for: v.data.for } }
      : null;
  });
