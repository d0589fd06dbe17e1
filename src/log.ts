import pino, { type Logger } from 'pino';

export type { Logger };

// Tokens, secrets and signatures must never reach a log line, wherever they sit.
const REDACT = [
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.apiKey',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'req.headers.authorization',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.MicrosoftAppPassword',
  'env.DATABASE_URL',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });
