import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChatCommand } from '../../../src/app/chat-commands';
import { renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { renderBlocks } from '../../../src/cards/block-kit';
import { forPersonalChat } from '../../../src/chat/teams/private-reply';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import {
  ANN,
  type Harness as SlackHarness,
  seedAccounts,
  startHarness as startSlack,
} from '../slack/harness';
import { cardOf, type Harness, personal, startHarness } from './harness';

const ANN_TEAMS = { id: '29:ann', name: ANN.name, aadObjectId: 'aad-ann' };

// The same words in Slack and Teams reach the same use case and give the same neutral card;
// only the renderer differs.
const COMMANDS = [
  ['/health', 'acme'],
  ['/health', 'globex'],
  ['/health', ''],
  ['/followups', ''],
  ['/note', 'acme all good'],
  ['/renewals', '120'],
  ['/risk', ''],
  ['/cs', 'help'],
] as const;

// Per command, phrases its answer must show (from seedAccounts: Acme yellow 55, renewing
// 2027-01-07; Globex East and West; all but West owned by Ann).
const CONTENT = [
  ['/health', 'acme', ['Acme Corp', '55']],
  ['/health', 'globex', ['Globex East', 'Globex West']],
  ['/health', '', ['Acme Corp', 'Globex East']],
  ['/renewals', '120', ['Acme Corp']],
  ['/note', 'acme all good', ['Acme Corp has no open alert']],
  ['/cs', 'help', ['subscribe', '/note']],
] as const;

/** Every string a person sees in a Slack message or an Adaptive Card, joined. */
function visible(message: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (['text', 'title', 'value', 'fallbackText'].includes(key)) out.push(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) if (k !== 'fallback') walk(child, k);
    }
  };
  walk(message, '');
  return out.join(' ').replace(/[*_~`]/g, '');
}

/** The account names an answer mentions, in order of first mention. */
function names(text: string): string[] {
  const found = [...text.matchAll(/Acme Corp|Globex East|Globex West/g)].map((m) => m[0]);
  return [...new Set(found)];
}

describeEachDatabase('the same command in Slack and Teams', (get) => {
  let teams: Harness;
  let slack: SlackHarness;
  let seq = 0;
  beforeAll(async () => {
    await seedAccounts(get().db);
    teams = await startHarness(get());
    teams.standIn.members.set(ANN_TEAMS.id, { ...ANN_TEAMS, email: ANN.email });
    slack = await startSlack(get().db);
  });
  afterAll(async () => {
    await teams.close();
    await slack.close();
  });

  it('answers the same words with the same content on both platforms, over HTTP', async () => {
    // What each person actually receives, reduced to its visible words: the Slack ack's blocks
    // and the Teams reply's Adaptive Card. Each must carry what the command is about (so a
    // platform that mistranslates the words, or answers help, fails), and the two must agree.
    for (const [command, text, expected] of CONTENT) {
      const words = `${command.slice(1)} ${text}`.trim();
      const res = await postCommand(
        slack.eventsUrl,
        commandBody({
          command,
          text,
          user_id: ANN.id,
          trigger_id: `trigger-content-${++seq}`,
          response_url: slack.emulator.responseUrl(),
        }),
      );
      const slackWords = visible(await res.json());
      const before = teams.standIn.calls.length;
      await teams.post(personal(words, { from: ANN_TEAMS }));
      expect(teams.standIn.calls.length, words).toBe(before + 1);
      const teamsWords = visible(cardOf(teams.standIn.calls.at(-1)!.body));
      for (const phrase of expected) {
        expect(slackWords, `slack: ${words}`).toContain(phrase);
        expect(teamsWords, `teams: ${words}`).toContain(phrase);
      }
      expect(names(teamsWords), words).toEqual(names(slackWords));
    }
  });

  it('renders that card for each surface over the real HTTP paths', async () => {
    for (const [command, text] of COMMANDS) {
      const words = `${command.slice(1)} ${text}`.trim();
      const model = await runChatCommand(teams.ctx, {
        platform: 'teams',
        user: { id: ANN_TEAMS.id, email: ANN.email, name: ANN.name },
        channelId: null,
        text: words,
        requestKey: `parity-${++seq}`,
      });
      const res = await postCommand(
        slack.eventsUrl,
        commandBody({
          command,
          text,
          user_id: ANN.id,
          trigger_id: `trigger-parity-${++seq}`,
          response_url: slack.emulator.responseUrl(),
        }),
      );
      const slackAnswer = (await res.json()) as { blocks: unknown[] };
      expect(slackAnswer.blocks, words).toEqual(renderBlocks(model.card));

      await teams.post(personal(words, { from: ANN_TEAMS }));
      // The account card's chart is inlined in Teams only (Slack uploads it as a file after
      // the answer): compared without it, the cards are the same.
      const teamsCard = withoutPictures(cardOf(teams.standIn.calls.at(-1)!.body));
      // A personal chat has no channel to share into: the same card without Share.
      expect(teamsCard, words).toEqual(renderAdaptiveCard(forPersonalChat(model.card)));
    }
  });
});

/** The card without the inlined chart pictures and their fallback lines. */
function withoutPictures<T>(card: T): T {
  const c = card as { body?: { type?: string; url?: string }[]; fallbackText?: string };
  return {
    ...c,
    ...(c.body
      ? { body: c.body.filter((b) => !(b.type === 'Image' && b.url?.startsWith('data:image/png'))) }
      : {}),
    ...(c.fallbackText !== undefined
      ? {
          fallbackText: c.fallbackText
            .split('\n')
            .filter((l) => !l.startsWith('[picture: '))
            .join('\n'),
        }
      : {}),
  } as T;
}
