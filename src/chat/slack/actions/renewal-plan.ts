import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { runRenewalClick } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalPlan;

/** Start renewal plan: the checklist of follow-ups, once per renewal. */
export const listener = (deps: SlackDeps) => (args: ButtonArgs) =>
  runRenewalClick(deps, args, actionId, { kind: 'plan' });
