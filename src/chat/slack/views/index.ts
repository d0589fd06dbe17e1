import type { App } from '@slack/bolt';
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

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(followUpModal.callbackId, followUpModal.listener(deps));
  app.view(renewalDateModal.callbackId, renewalDateModal.listener(deps));
  app.view(alertNoteModal.callbackId, alertNoteModal.listener(deps));
  app.view(alertSnoozeModal.callbackId, alertSnoozeModal.listener(deps));
  app.view(loopNoteModal.callbackId, loopNoteModal.listener(deps));
  app.view(reviewModal.callbackId, reviewModal.listener(deps));
  app.view(logMessageModal.callbackId, logMessageModal.listener(deps));
  app.view(planModals.goalCallbackId, planModals.goalListener(deps));
  app.view(planModals.milestoneCallbackId, planModals.milestoneListener(deps));
  app.view(routingModal.callbackId, routingModal.listener(deps));
}
