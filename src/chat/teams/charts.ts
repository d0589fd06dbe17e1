import { cachedCharts } from '../../app/chart-cache';
import { withInlineCharts } from '../../app/charts';
import type { AppContext } from '../../app/context';
import type { Card } from '../../cards/model';

/**
 * A card with its pictures (Card.charts) inline as images, while the Adaptive Card stays
 * under Teams' size limit; what does not fit is left out, and on any failure the card goes
 * as it is (its text has every figure).
 */
export async function withCharts(ctx: AppContext, card: Card): Promise<Card> {
  if (!card.charts) return card;
  try {
    // The pictures' words in the card's language (the person's or the channel's).
    const charts = await cachedCharts(ctx, card.charts, card.locale ?? 'en');
    return withInlineCharts(card, charts).card;
  } catch (error) {
    ctx.log.warn({ err: error }, 'teams: could not draw the charts; the text answer stands');
    const { charts: _charts, ...plain } = card;
    return plain;
  }
}
