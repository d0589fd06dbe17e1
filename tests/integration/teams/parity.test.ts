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
  ['/renewals', '120'],
  ['/risk', ''],
  ['/cs', 'help'],
] as const;

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

  it('gives the same card model through runChatCommand on both platforms', async () => {
    for (const [command, text] of COMMANDS) {
      const words = `${command.slice(1)} ${text}`.trim();
      const base = { channelId: null, text: words };
      const user = (id: string) => ({ id, email: ANN.email, name: ANN.name });
      const fromSlack = await runChatCommand(teams.ctx, {
        ...base,
        platform: 'slack',
        user: user(ANN.id),
        requestKey: `parity-${++seq}`,
      });
      const fromTeams = await runChatCommand(teams.ctx, {
        ...base,
        platform: 'teams',
        user: user(ANN_TEAMS.id),
        requestKey: `parity-${++seq}`,
      });
      expect(fromTeams, words).toEqual(fromSlack);
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
          response_url: slack.standIn.responseUrl(),
        }),
      );
      const slackAnswer = (await res.json()) as { blocks: unknown[] };
      expect(slackAnswer.blocks, words).toEqual(renderBlocks(model.card));

      await teams.post(personal(words, { from: ANN_TEAMS }));
      const teamsCard = cardOf(teams.standIn.calls.at(-1)!.body);
      // A personal chat has no channel to share into: the same card without Share.
      expect(teamsCard, words).toEqual(renderAdaptiveCard(forPersonalChat(model.card)));
    }
  });
});
