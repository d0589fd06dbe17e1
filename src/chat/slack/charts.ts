import type { WebClient } from '@slack/web-api';
import { chartsFor } from '../../app/charts';
import type { Card } from '../../cards/model';
import type { SlackDeps } from './deps';

/** Slack's alt_text limit for an uploaded image. */
const ALT_MAX = 1000;

/**
 * The pictures that go with an answered card (see Card.charts), uploaded with files.uploadV2
 * into the person's direct messages with Tend: the answer was private, so its pictures are
 * too. Called once the answer is acknowledged, never inside Slack's 3 seconds; a failure
 * leaves the text answer, which has every figure, and is only logged.
 */
export async function uploadCharts(
  deps: SlackDeps,
  client: WebClient,
  userId: string,
  card: Card,
): Promise<number> {
  if (!card.charts) return 0;
  try {
    const charts = await chartsFor(deps.ctx, card.charts);
    if (charts.length === 0) return 0;
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) return 0;
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: `Charts for ${card.title}`,
      file_uploads: charts.map((c) => ({
        file: c.png,
        filename: c.name,
        title: c.title,
        alt_text: c.alt.slice(0, ALT_MAX),
      })),
    });
    return charts.length;
  } catch (error) {
    deps.ctx.log.warn({ err: error }, 'slack: could not upload the charts; the text answer stands');
    return 0;
  }
}
