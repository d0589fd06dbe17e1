import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { guardProcessEvent } from '../../src/chat/slack/inbound';
import { silentLogger } from '../../src/log';

// Socket Mode has no HTTP guard: the processEvent wrapper is what refuses other workspaces,
// cleans strings and acknowledges everything. Driven here through a real Bolt App with a
// receiver that only hands events in, as Socket Mode's does.

const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

function app(installed: { teamId: string | null }) {
  // botId and botUserId given: Bolt would otherwise call auth.test on the first event.
  const bolt = new App({ token: 'xoxb-test', receiver, botId: 'B1', botUserId: 'U0BOT' });
  const seen: string[] = [];
  bolt.command('/health', async ({ command, ack }) => {
    seen.push(command.text);
    await ack();
  });
  guardProcessEvent(
    bolt,
    () => ({ teamId: installed.teamId, enterpriseId: null, orgWide: false }),
    silentLogger,
  );
  return { bolt, seen };
}

const command = (team: string, text: string) => ({
  command: '/health',
  text,
  team_id: team,
  user_id: 'U1',
  channel_id: 'C1',
  trigger_id: 't',
  response_url: 'http://127.0.0.1:1/r',
});

describe('the processEvent guard (Socket Mode)', () => {
  it('drops a request from another workspace, acknowledged, without running a listener', async () => {
    const { bolt, seen } = app({ teamId: 'T0OURS' });
    let acks = 0;
    await bolt.processEvent({ body: command('T0OTHER', 'acme'), ack: async () => void acks++ });
    expect(seen).toEqual([]);
    expect(acks).toBe(1);
    await bolt.processEvent({ body: command('T0OURS', 'a\u0000b\ud800'), ack: async () => {} });
    expect(seen).toEqual(['a b\ufffd']);
  });

  it('acknowledges a body no listener matches, at once', async () => {
    const { bolt } = app({ teamId: 'T0OURS' });
    let acks = 0;
    await bolt.processEvent({
      body: { type: 'block_actions', team: { id: 'T0OURS' }, actions: [{ action_id: 'nope' }] },
      ack: async () => void acks++,
    });
    expect(acks).toBe(1);
  });
});
