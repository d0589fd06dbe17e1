import type { WebClient } from '@slack/web-api';
import { cachedCharts, specKey } from '../../app/chart-cache';
import { localDay } from '../../app/context';
import { defaultLocale } from '../../app/languages';
import { perDatabase } from '../../app/per-database';
import { t } from '../../cards/i18n/t';
import type { Card } from '../../cards/model';
import type { SlackDeps } from './deps';

/** Slack's alt_text limit for an uploaded image. */
const ALT_MAX = 1000;

/**
 * Who has today's pictures already. A CSM asks `/health acme` many times a day; a new file in
 * their direct messages each time would be noise (and a files.uploadV2 call each time, a Tier 2
 * method), while the picture changes once a day. So a person gets a spec's pictures once a day
 * per replica; the text answer always has every figure.
 */
const SENT_MAX = 10_000;
const sentOf = perDatabase(() => new Set<string>());

/** The mark for a first ask today (kept until the upload fails), or null when already sent. */
function firstToday(deps: SlackDeps, userId: string, key: string): (() => void) | null {
  const sent = sentOf(deps.ctx.db);
  const mark = `${localDay(deps.ctx, deps.ctx.clock.now())}|${userId}|${key}`;
  if (sent.has(mark)) return null;
  sent.add(mark);
  // Oldest first out: a Set iterates in insertion order.
  if (sent.size > SENT_MAX) sent.delete(sent.values().next().value as string);
  return () => sent.delete(mark);
}

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
  const unmark = firstToday(deps, userId, specKey(card.charts));
  if (!unmark) return 0;
  try {
    const charts = await cachedCharts(deps.ctx, card.charts);
    if (charts.length === 0) return 0;
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) return 0;
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: t(card.locale ?? defaultLocale(deps.ctx), 'click.chartsFor', {
        title: card.title,
      }),
      file_uploads: charts.map((c) => ({
        file: c.png,
        filename: c.name,
        title: c.title,
        alt_text: c.alt.slice(0, ALT_MAX),
      })),
    });
    return charts.length;
  } catch (error) {
    // Not shared: the next ask tries again.
    unmark();
    deps.ctx.log.warn({ err: error }, 'slack: could not upload the charts; the text answer stands');
    return 0;
  }
}
