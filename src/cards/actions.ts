/**
 * Every button Tend shows, defined once: the id is Slack's `action_id` and the Adaptive Card
 * `verb`, so a click means the same thing on every surface. Values are JSON strings validated
 * with zod where the click comes in.
 */
export const ACTIONS = {
  pickAccount: 'account.pick',
  listPage: 'list.page',
  shareCard: 'card.share',
  refreshCard: 'card.refresh',
  logFollowUp: 'followup.log',
  showFollowUps: 'followup.list',
  followUpDone: 'followup.done',
  alertAck: 'alert.ack',
  alertSnooze: 'alert.snooze',
  alertAssign: 'alert.assign',
  alertResolve: 'alert.resolve',
  alertFollowUp: 'alert.followup',
  renewalPlan: 'renewal.plan',
  renewalFollowUp: 'renewal.followup',
  renewalRenewed: 'renewal.renewed',
  renewalChurned: 'renewal.churned',
  renewalSnooze: 'renewal.snooze',
  renewalUndoChurn: 'renewal.undo-churn',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];
export const ACTION_IDS: readonly ActionId[] = Object.values(ACTIONS);

export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}
