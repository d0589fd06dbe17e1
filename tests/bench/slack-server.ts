// A server process for the Slack benchmark: `tend` (our HTTP server + Bolt + Postgres) or
// `bare` (a Bolt app on the same HTTP server answering one constant card). Prints its URL.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { App, HTTPReceiver } from '@slack/bolt';
import { AccountIndex, memoryFeed } from '../../src/app/account-index';
import { CARD_CHANNEL, CardCache } from '../../src/app/card-cache';
import { createSlackApp } from '../../src/chat/slack/app';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createHttpServer, type Route } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { startSlackEmulator } from '../helpers/slack-emulator';

const [mode, dbUrl, secret, userEmail, cardFile] = process.argv.slice(2) as string[];
const standIn = await startSlackEmulator();
standIn.addUser({ id: 'U0BENCH', email: userEmail ?? null, name: 'Bench User' });
let routes: Route[];
let stats = () => ({});
if (mode === 'tend') {
  const handle = await openDatabase({ kind: 'postgres', url: dbUrl!, poolSize: 10 });
  // As deployed (src/main.ts): cards and the lookup index from memory, kept by NOTIFY.
  const cardCache = new CardCache();
  const accountIndex = new AccountIndex();
  // Counted, so that a run can tell a cache emptied by notifications or a lost LISTEN.
  const feed = { messages: 0, ups: 0, downs: 0 };
  const stores = memoryFeed([cardCache, accountIndex]);
  await handle.listen(CARD_CHANNEL, {
    message: (payload) => {
      feed.messages++;
      stores.message(payload);
    },
    up: () => {
      feed.ups++;
      stores.up();
    },
    down: (reason) => {
      feed.downs++;
      stores.down(reason);
    },
  });
  const ctx = {
    db: handle.db,
    config: loadConfig({ DATABASE_URL: dbUrl }),
    clock: systemClock,
    log: silentLogger,
    cardCache,
    accountIndex,
  };
  const slack = createSlackApp({
    ctx,
    token: 'xoxb-bench',
    signingSecret: secret!,
    apiUrl: standIn.apiUrl,
  });
  await slack.start();
  routes = slack.routes;
  stats = () => ({
    cardCache: { hits: cardCache.hits, misses: cardCache.misses, size: cardCache.size },
    accountIndex: { size: accountIndex.size },
    chartUploads: standIn.callsTo('files.completeUploadExternal').length,
    feed,
  });
} else {
  const card = JSON.parse(readFileSync(cardFile!, 'utf8')) as Record<string, unknown>;
  const receiver = new HTTPReceiver({ signingSecret: secret!, endpoints: '/slack/events' });
  const app = new App({
    receiver,
    token: 'xoxb-bench',
    clientOptions: { slackApiUrl: standIn.apiUrl },
  });
  app.command('/health', async ({ ack }) => {
    await ack(card);
  });
  routes = [
    {
      method: 'POST',
      path: '/slack/events',
      handler: (req, res) => receiver.requestListener(req, res),
    },
  ];
}
const http = createHttpServer(routes, silentLogger);
const { url } = await http.listen(0, '127.0.0.1');
console.log(JSON.stringify({ url }));
// Asked on stdin (one line each): what the in-memory stores did, as one JSON line; or
// `profile <file>` to start a CPU profile and `profile` to write it there (the measured windows
// only, without the warm-up, seeding of caches and charts that a whole-process profile holds).
let profiling: { session: Session; file: string } | null = null;
process.stdin.on('data', async (chunk: Buffer) => {
  const line = chunk.toString().trim();
  if (!line.startsWith('profile')) {
    console.log(JSON.stringify(stats()));
    return;
  }
  if (profiling) {
    const { profile } = await profiling.session.post('Profiler.stop');
    writeFileSync(profiling.file, JSON.stringify(profile));
    profiling.session.disconnect();
    profiling = null;
  } else {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    profiling = { session, file: line.slice('profile '.length) };
  }
  console.log(JSON.stringify({ profiling: profiling !== null }));
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
