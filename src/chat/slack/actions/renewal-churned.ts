import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { runRenewalClick } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalChurned;

/** Mark churned: an outcome kept for churn reporting; closes every copy of the reminder. */
export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runRenewalClick(deps, args, actionId, { kind: 'churned' });
