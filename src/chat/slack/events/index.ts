import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as appHomeOpened from './app-home-opened';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event(appHomeOpened.event, appHomeOpened.listener(deps));
}
