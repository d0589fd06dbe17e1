/** Where Slack posts events, commands and actions (HTTP mode). Apart from app.ts, which loads Bolt. */
export const SLACK_EVENTS_PATH = '/slack/events';
