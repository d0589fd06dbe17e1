import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import { alertAck } from './alert-ack';
import { alertAssign } from './alert-assign';
import { alertFollowUp } from './alert-follow-up';
import { alertNote } from './alert-note';
import { alertResolve } from './alert-resolve';
import { alertResolveSaved } from './alert-resolve-saved';
import { alertSnooze } from './alert-snooze';
import { followUpDone } from './follow-up-done';
import { listPage } from './list-page';
import { logFollowUp } from './log-follow-up';
import { loopOutcome, loopShow } from './loop-actions';
import { pickAccount } from './pick-account';
import { planGoalOpen, planMilestoneOpen, planMilestoneStatus } from './plan-actions';
import { opportunityCreate, playbookTick } from './playbook-actions';
import { refreshCard } from './refresh-card';
import { renewalChurned } from './renewal-churned';
import { renewalFollowUp } from './renewal-follow-up';
import { renewalPlan } from './renewal-plan';
import { renewalRenewed } from './renewal-renewed';
import { renewalSnooze } from './renewal-snooze';
import { renewalUndoChurn } from './renewal-undo-churn';
import { reviewOpen } from './review-open';
import { routingEdit } from './routing-edit';
import { shareCard } from './share-card';
import { showFollowUps } from './show-follow-ups';
import { registerClicks, type SlackAction } from './typed';

/** Every click Slack can send us, one listener per verb of cards/actions.ts. */
export const BUTTONS: SlackAction[] = [
  pickAccount,
  shareCard,
  refreshCard,
  logFollowUp,
  showFollowUps,
  followUpDone,
  listPage,
  // Alert cards (posted by the jobs through the outbox).
  alertAck,
  alertSnooze,
  alertAssign,
  alertFollowUp,
  alertNote,
  alertResolve,
  alertResolveSaved,
  // Renewal reminders.
  renewalPlan,
  renewalFollowUp,
  renewalRenewed,
  renewalChurned,
  renewalSnooze,
  renewalUndoChurn,
  // Survey loops.
  loopShow,
  loopOutcome,
  // Churn and save reviews.
  reviewOpen,
  // Success plans.
  planGoalOpen,
  planMilestoneOpen,
  planMilestoneStatus,
  // App Home: my alert settings.
  routingEdit,
  // Playbook checklists and expansion cards.
  playbookTick,
  opportunityCreate,
];

export function registerActions(app: App, deps: SlackDeps): void {
  registerClicks(app, deps, BUTTONS);
}
