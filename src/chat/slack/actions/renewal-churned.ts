import { ACTIONS } from '../../../cards/actions';
import { runRenewalClick } from './renewal-click';
import { slackAction } from './typed';

/** Mark churned: an outcome kept for churn reporting; closes every copy of the reminder. */
export const renewalChurned = slackAction(
  ACTIONS.renewalChurned,
  (deps) => (args, value) =>
    runRenewalClick(deps, args, value, ACTIONS.renewalChurned, { kind: 'churned' }),
);
