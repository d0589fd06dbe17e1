import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { runRenewalClick } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalSnooze;

/** Snooze: the reminder comes back in a week. */
export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runRenewalClick(deps, args, actionId, { kind: 'snooze' });
