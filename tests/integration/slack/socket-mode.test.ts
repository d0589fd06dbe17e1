import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionJson,
  commandForm,
  eventCallback,
  interactionJson,
  type Json,
} from '../../../src/chat/local/slack-payloads';
import { BOT_USER_ID } from '../../../src/chat/local/state';
import { loadConfig } from '../../../src/config';
import { type RunningService, startService } from '../../../src/main';
import { prepareDataDir, tempDir } from '../../helpers/cli';
import { insertAccount } from '../../helpers/fixtures';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';

// Tend as an operator runs it in Socket Mode (SLACK_APP_TOKEN, no public URL): the emulator
// answers apps.connections.open, opens the WebSocket and delivers envelopes as Slack does;
// Tend must ack each one (envelope_id) and answer through the Web API or the response_url.

const ANN = { id: 'U0ANN', email: 'ann@tend.test', name: 'Ann Example' };
const TOKEN = 'xoxb-socket-test';

/** Every button in a Block Kit message, with the block it sits in. */
function buttons(blocks: unknown): { blockId: string; element: Json }[] {
  const found: { blockId: string; element: Json }[] = [];
  for (const b of (Array.isArray(blocks) ? blocks : []) as Json[]) {
    const candidates = [...((b.elements as Json[] | undefined) ?? [])];
    if (b.accessory) candidates.push(b.accessory as Json);
    for (const e of candidates) {
      if (e.type === 'button') found.push({ blockId: String(b.block_id ?? ''), element: e });
    }
  }
  return found;
}

describe('Slack Socket Mode against the emulator', () => {
  let dir: string;
  let slack: RunningSlackEmulator;
  let service: RunningService;

  beforeAll(async () => {
    dir = tempDir('tend-socket-');
    await prepareDataDir(dir, async (h) => {
      await insertAccount(h.db, { external_id: 'acme', name: 'Acme Corp', owner_email: ANN.email });
    });
    slack = await startSlackEmulator({ token: TOKEN });
    slack.addUser(ANN);
    service = await startService(
      loadConfig({
        TEND_DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_APP_TOKEN: 'xapp-1-socket-test',
        SLACK_API_URL: slack.apiUrl,
      }),
      { jobs: false },
    );
    await slack.connected();
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the connection with the app-level token', () => {
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
    expect(slack.sockets()).toBe(1);
  });

  it('acks `/health acme` with the account card in the ack; a click on Log follow-up is acked and opens the modal', async () => {
    const command = Object.fromEntries(
      commandForm({
        user: ANN,
        command: '/health',
        text: 'acme',
        channelId: 'C0GENERAL',
        channelName: 'general',
        responseUrl: slack.responseUrl(),
        triggerId: slack.trigger(ANN.id),
      }),
    );
    const ack = await slack.deliver('slash_commands', command);
    expect(ack.envelope_id).toEqual(expect.any(String));
    // A command's answer travels back in the ack's payload, as Socket Mode allows.
    const answer = ack.payload ?? {};
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answer.blocks)).toContain('Acme Corp');

    // Ann clicks the card's "Log follow-up": Tend acks and opens the modal with the trigger.
    const logFollowUp = buttons(answer.blocks).find((b) => b.element.action_id === 'followup.log');
    expect(logFollowUp, 'the account card offers Log follow-up').toBeDefined();
    const click = interactionJson(ANN, slack.trigger(ANN.id), {
      type: 'block_actions',
      channel: { id: 'C0GENERAL', name: 'general' },
      container: {
        type: 'message',
        message_ts: '1732350000.000100',
        channel_id: 'C0GENERAL',
        is_ephemeral: true,
      },
      response_url: slack.responseUrl(),
      actions: [
        actionJson(logFollowUp!.element, logFollowUp!.blockId, undefined, `${Date.now() / 1000}`),
      ],
    });
    const clickAck = await slack.deliver('interactive', click);
    expect(clickAck.envelope_id).toEqual(expect.any(String));
    await slack.waitFor('views.open');
    const modal = slack.state.modalStack(ANN.id).at(-1);
    expect(modal?.view).toMatchObject({ callback_id: 'followup.log.modal' });
    expect(JSON.stringify(modal?.view)).toContain('Acme Corp');
  }, 30_000);

  it('acks an app_home_opened event envelope and publishes the Home tab', async () => {
    const event = eventCallback(
      { type: 'app_home_opened', user: ANN.id, channel: 'D0ANN', tab: 'home', event_ts: '1.1' },
      'Ev0SOCKET1',
      BOT_USER_ID,
    );
    const ack = await slack.deliver('events_api', event);
    expect(ack.envelope_id).toEqual(expect.any(String));
    await slack.waitFor('views.publish', (c) => c.body.user_id === ANN.id);
    expect(slack.state.homes.get(ANN.id)?.view).toMatchObject({ type: 'home' });
  });
});
