import type {
  AllMiddlewareArgs,
  App,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as alertNoteModal from './alert-note-modal';
import * as alertSnoozeModal from './alert-snooze-modal';
import * as followUpModal from './follow-up-modal';
import * as logMessageModal from './log-message-modal';
import * as loopNoteModal from './loop-note-modal';
import * as planModals from './plan-modals';
import * as renewalDateModal from './renewal-date-modal';
import * as reviewModal from './review-modal';
import * as routingModal from './routing-modal';

const MODALS = [
  followUpModal,
  renewalDateModal,
  alertNoteModal,
  alertSnoozeModal,
  loopNoteModal,
  reviewModal,
  logMessageModal,
  routingModal,
  { callbackId: planModals.goalCallbackId, listener: planModals.goalListener },
  { callbackId: planModals.milestoneCallbackId, listener: planModals.milestoneListener },
];

/**
 * One Bolt listener for every modal's submission, picking its listener by callback_id: Bolt
 * runs every registered listener's middleware for each request (see registerClicks). A
 * callback_id Tend does not know is acknowledged by guardProcessEvent.
 */
export function registerViews(app: App, deps: SlackDeps): void {
  type Submit = (
    args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  ) => Promise<void>;
  const byId = new Map<string, Submit>(MODALS.map((m) => [m.callbackId, m.listener(deps)]));
  app.view<ViewSubmitAction>(/^/, async (args) => {
    await byId.get(args.view.callback_id)?.(args);
  });
}
