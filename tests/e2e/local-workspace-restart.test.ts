import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_FILE } from '../../src/chat/local/persist';
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

describe('the local workspace after a restart', () => {
  let dir: string;
  let service: RunningService | null = null;
  const start = async () => {
    service = await startService(
      loadConfig({ TEND_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    );
    return service.workspaceUrl ?? '';
  };
  const stop = async () => {
    await service?.stop();
    service = null;
  };
  const post = postAsPage;
  const teamsHistory = async (base: string) => {
    const state = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      teams: { id: string; from: string; text: string; cards: unknown[] }[];
    };
    return state.teams;
  };
  const messages = async (base: string) => {
    const state = (await (await fetch(new URL('/local/state?user=UJANE', base))).json()) as {
      messages: Record<string, Msg[]>;
    };
    return state.messages.C0CSTEAM ?? [];
  };

  beforeAll(async () => {
    dir = tempDir('tend-restart-');
    await prepareDataDir(dir, async (handle) => {
      await insertAccount(handle.db, {
        external_id: 'acme',
        name: 'Acme Corp',
        owner_email: 'jane@tend.example',
      });
    });
  }, 120_000);

  afterAll(async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the same messages, and their buttons still work', async () => {
    let base = await start();
    await post(base, '/local/slack/send', {
      user: 'UJANE',
      channel: 'C0CSTEAM',
      text: '/health acme',
    });
    await post(base, '/local/slack/send', {
      user: 'UJANE',
      channel: 'C0CSTEAM',
      text: 'hi <team>',
    });
    await post(base, '/local/teams/send', { user: 'UJANE', text: 'health acme' });
    await expect
      .poll(async () => JSON.stringify(await teamsHistory(base)), { timeout: 10_000 })
      .toContain('Acme Corp');
    const teamsBefore = await teamsHistory(base);
    const before = await messages(base);
    expect(before.map((m) => m.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('Acme Corp'), 'hi &lt;team&gt;']),
    );
    await stop();

    const file = join(dir, CONVERSATION_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('Acme Corp');

    base = await start();
    const after = await messages(base);
    expect(after).toEqual(before);
    expect(await teamsHistory(base)).toEqual(teamsBefore);
    // The Teams bot's next message gets an id of its own, not one of the kept ones.
    await post(base, '/local/teams/send', { user: 'UJANE', text: 'followups' });
    await expect
      .poll(async () => (await teamsHistory(base)).length, { timeout: 10_000 })
      .toBe(teamsBefore.length + 2);
    const ids = (await teamsHistory(base)).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);

    // A button on a message from before the restart reaches the new app.
    const card = after.find((m) => m.text.includes('Acme Corp'))!;
    const row = card.blocks.find((b) => b.elements?.some((e) => e.action_id === 'followup.list'))!;
    const click = await post(base, '/local/slack/click', {
      user: 'UJANE',
      source: { channel: 'C0CSTEAM', ts: card.ts },
      blockId: row.block_id,
      actionId: 'followup.list',
    });
    expect(click.status).toBe(200);
    await expect
      .poll(async () => (await messages(base)).map((m) => m.text).join('\n'), { timeout: 10_000 })
      .toContain('open follow-ups on Acme Corp');
    // New messages come after the kept ones.
    const all = await messages(base);
    expect(Number(all.at(-1)!.ts)).toBeGreaterThan(Number(card.ts));
  }, 120_000);

  it('moves an unreadable file aside and starts empty instead of failing', async () => {
    await stop();
    writeFileSync(join(dir, CONVERSATION_FILE), '{ not json', { mode: 0o600 });
    const base = await start();
    expect(await messages(base)).toEqual([]);
    await stop();
  }, 120_000);
});
