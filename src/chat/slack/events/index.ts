import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as appHomeOpened from './app-home-opened';
import { directMessageListener, mentionListener } from './message';

/** Every event Tend subscribes to; the manifest test checks them against the manifest. */
export const EVENTS = ['app_home_opened', 'app_mention', 'message.im'] as const;

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event(appHomeOpened.event, appHomeOpened.listener(deps));
  app.event('app_mention', mentionListener(deps));
  app.message(directMessageListener(deps));
}
