import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as followUpModal from './follow-up-modal';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(followUpModal.callbackId, followUpModal.listener(deps));
}
