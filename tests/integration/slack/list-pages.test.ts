import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, nextTrigger, startHarness } from './harness';

type Block = { type: string; text?: { text: string }; elements?: Record<string, unknown>[] };

describeEachDatabase('"and N more" lists have a next page', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get().db);
    const accounts = await get()
      .db.insertInto('accounts')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          external_id: `red-${i}`,
          name: `Red ${String(i + 1).padStart(2, '0')}`,
          owner_email: ANN.email,
          arr: 1000 * (i + 1),
          renewal_date: `2026-12-${String(i + 1).padStart(2, '0')}`,
        })),
      )
      .returning('id')
      .execute();
    await get()
      .db.insertInto('health_snapshots')
      .values(
        accounts.map((a, i) => ({
          account_id: a.id,
          day: '2026-11-23',
          score: 10 + i,
          band: 'red' as const,
          measures: '[]',
          drivers: '[]',
          onboarding: false,
        })),
      )
      .execute();
    await get()
      .db.insertInto('follow_ups')
      .values(
        Array.from({ length: 22 }, (_, i) => ({
          account_id: accounts[0]!.id,
          title: `task ${i + 1}`,
          owner_email: ANN.email,
          created_by: ANN.email,
        })),
      )
      .execute();
  });
  afterAll(() => h.close());

  const run = async (command: string, text: string) => {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command,
        text,
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url: h.standIn.responseUrl(),
      }),
    );
    return (await res.json()) as { blocks: Block[] };
  };
  const nextButton = (blocks: Block[]) =>
    blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.listPage) as
      | { value: string; text: { text: string } }
      | undefined;
  const follow = async (value: string) => {
    const responseUrl = h.standIn.responseUrl();
    const click = buttonClick({ userId: ANN.id, actionId: ACTIONS.listPage, value, responseUrl });
    expect((await postInteraction(h.eventsUrl, click)).status).toBe(200);
    const path = new URL(responseUrl).pathname;
    return (await h.standIn.waitFor('response_url', (c) => c.body.path === path)).body as {
      replace_original: boolean;
      blocks: Block[];
    };
  };

  for (const [command, text, title, next, rest] of [
    ['/risk', '', 'Accounts at risk (26–30 of 30)', 'Show next 5', 5],
    ['/renewals', '90', 'Renewals in 90 days (26–30 of 30)', 'Show next 5', 5],
    ['/followups', '', 'Your open follow-ups (21–22 of 22)', 'Show next 2', 2],
  ] as const) {
    it(`${command}: "and ${rest} more" comes with ${next}, which answers below and keeps the list`, async () => {
      const first = await run(command, text);
      expect(JSON.stringify(first.blocks)).toContain(`and ${rest} more`);
      const button = nextButton(first.blocks);
      expect(button?.text.text).toBe(next);
      const page = await follow(button!.value);
      expect(page.replace_original).toBe(false);
      expect(page.blocks[0]?.text?.text).toBe(title);
      expect(nextButton(page.blocks)).toBeUndefined();
      expect(JSON.stringify(page.blocks)).not.toMatch(/and \d+ more/);
    });
  }
});
