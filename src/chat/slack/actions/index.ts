import type { App, BlockAction } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as followUpDone from './follow-up-done';
import * as logFollowUp from './log-follow-up';
import * as pickAccount from './pick-account';
import * as shareCard from './share-card';
import * as showFollowUps from './show-follow-ups';

/** The buttons Slack can send us; ids come from cards/actions.ts. */
export const BUTTONS = [pickAccount, shareCard, logFollowUp, showFollowUps, followUpDone];

export function registerActions(app: App, deps: SlackDeps): void {
  for (const b of BUTTONS) app.action<BlockAction>(b.actionId, b.listener(deps));
}
