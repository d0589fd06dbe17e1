import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type RunningService, startService } from '../../src/main';
import { prepareDataDir, tempDir } from '../helpers/cli';
import { insertAccount } from '../helpers/fixtures';
import { postAsPage } from '../helpers/local-page';

interface Msg {
  ts: string;
  text: string;
  blocks: { block_id: string; elements?: { action_id: string }[] }[];
}

// TEND_LOCAL_SLACK_MODE=socket: the local workspace runs the real Bolt app in Socket Mode
// against the emulator (apps.connections.open, a WebSocket, envelopes acked by id), so what
// an operator without a public URL runs can be tried and tested without Slack.

describe('the local workspace in Socket Mode', () => {
  let dir: string;
  let service: RunningService | null = null;
  let base = '';
  const state = async () =>
    (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      slack: boolean;
      messages: Record<string, Msg[]>;
      home: { view?: unknown } | null;
    };

  beforeAll(async () => {
    dir = tempDir('tend-socket-local-');
    await prepareDataDir(dir, async (handle) => {
      await insertAccount(handle.db, {
        external_id: 'acme',
        name: 'Acme Corp',
        owner_email: 'jane@tend.example',
      });
    });
    service = await startService(
      loadConfig({
        TEND_DATA_DIR: dir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        TEND_LOCAL_SLACK_MODE: 'socket',
      }),
      { jobs: false },
    );
    base = service.workspaceUrl ?? '';
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves no /slack/events: commands travel over the socket', async () => {
    expect((await state()).slack).toBe(true);
    const events = await fetch(new URL('/slack/events', base), { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });

  it('answers `/health acme` in the ack and a click on the card opens the follow-up modal', async () => {
    const sent = await postAsPage(base, '/local/slack/send', {
      user: 'UJANE',
      channel: 'C0CSTEAM',
      text: '/health acme',
    });
    expect(sent.status).toBeLessThan(300);
    const card = (await state()).messages.C0CSTEAM?.find((m) => m.text.includes('Acme Corp'));
    expect(card, 'the account card came back in the ack').toBeDefined();
    const block = card!.blocks.find((b) => b.elements?.some((e) => e.action_id === 'followup.log'));
    expect(block).toBeDefined();
    const click = await postAsPage(base, '/local/slack/click', {
      user: 'UJANE',
      source: { channel: 'C0CSTEAM', ts: card!.ts },
      blockId: block!.block_id,
      actionId: 'followup.log',
    });
    expect(click.status).toBeLessThan(300);
    await expect
      .poll(async () => {
        const s = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
          modals: { view: { callback_id?: string } }[];
        };
        return s.modals.at(-1)?.view.callback_id;
      })
      .toBe('followup.log.modal');
  });
});
