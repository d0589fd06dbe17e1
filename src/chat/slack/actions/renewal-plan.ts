import { ACTIONS } from '../../../cards/actions';
import { runRenewalClick } from './renewal-click';
import { slackAction } from './typed';

/** Start renewal plan: the checklist of follow-ups, once per renewal. */
export const renewalPlan = slackAction(
  ACTIONS.renewalPlan,
  (deps) => (args, value) =>
    runRenewalClick(deps, args, value, ACTIONS.renewalPlan, { kind: 'plan' }),
);
