import type { App, BlockAction } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as alertAck from './alert-ack';
import * as alertAssign from './alert-assign';
import * as alertFollowUp from './alert-follow-up';
import * as alertResolve from './alert-resolve';
import * as alertSnooze from './alert-snooze';
import * as followUpDone from './follow-up-done';
import * as listPage from './list-page';
import * as logFollowUp from './log-follow-up';
import * as pickAccount from './pick-account';
import * as refreshCard from './refresh-card';
import * as renewalChurned from './renewal-churned';
import * as renewalFollowUp from './renewal-follow-up';
import * as renewalPlan from './renewal-plan';
import * as renewalRenewed from './renewal-renewed';
import * as renewalSnooze from './renewal-snooze';
import * as renewalUndoChurn from './renewal-undo-churn';
import * as shareCard from './share-card';
import * as showFollowUps from './show-follow-ups';

/** The buttons Slack can send us; ids come from cards/actions.ts. */
export const BUTTONS = [
  pickAccount,
  shareCard,
  refreshCard,
  logFollowUp,
  showFollowUps,
  followUpDone,
  listPage,
];
/** Alert cards (posted by the jobs through the outbox). */
export const ALERT_ACTIONS = [alertAck, alertSnooze, alertAssign, alertFollowUp, alertResolve];
/** Renewal reminders. */
export const RENEWAL_ACTIONS = [
  renewalPlan,
  renewalFollowUp,
  renewalRenewed,
  renewalChurned,
  renewalSnooze,
  renewalUndoChurn,
];

export function registerActions(app: App, deps: SlackDeps): void {
  for (const b of BUTTONS) app.action<BlockAction>(b.actionId, b.listener(deps));
  for (const b of ALERT_ACTIONS) app.action<BlockAction>(b.actionId, b.listener(deps));
  for (const b of RENEWAL_ACTIONS) app.action<BlockAction>(b.actionId, b.listener(deps));
}
