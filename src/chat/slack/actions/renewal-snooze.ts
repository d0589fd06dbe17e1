import { ACTIONS } from '../../../cards/actions';
import { runRenewalClick } from './renewal-click';
import { slackAction } from './typed';

/** Snooze: the reminder comes back in a week. */
export const renewalSnooze = slackAction(
  ACTIONS.renewalSnooze,
  (deps) => (args, value) =>
    runRenewalClick(deps, args, value, ACTIONS.renewalSnooze, { kind: 'snooze' }),
);
