import { homeCard } from '../cards/home-card';
import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import { checkInsList } from '../cards/timeline-card';
import type { Platform } from '../db/tables/chat';
import { openAlertsFor, portfolioOf } from '../store/account-lists';
import { openFollowUpsOwnedBy } from '../store/follow-ups';
import { openLoopsList } from '../store/survey-loops';
import type { ChatIdentity } from './chat-users';
import { NO_EMAIL_MESSAGE, zoneOf } from './chat-users';
import { checkInsDue } from './check-ins';
import type { AppContext } from './context';
import { todayFor } from './follow-ups';
import { defaultLocale } from './languages';
import { routingView } from './personal-routing';
import { lineOf } from './survey-loops';

// A Home tab holds 100 blocks; these sizes leave room for titles and "and N more" lines.
const HOME_ACCOUNTS = 30;
const HOME_FOLLOW_UPS = 30;
const HOME_ALERTS = 20;
const HOME_LOOPS = 10;
const HOME_CHECK_INS = 10;

/** The Home tab: my portfolio, my check-ins due, loops, open follow-ups, open alerts and my alert settings. */
export async function homeFor(
  ctx: AppContext,
  user: ChatIdentity,
  platform: Platform = 'slack',
): Promise<Card> {
  if (!user.email) return noticeCard('Tend', NO_EMAIL_MESSAGE);
  const now = ctx.clock.now();
  const [portfolio, followUps, alerts, loops, checkIns, settings] = await Promise.all([
    portfolioOf(ctx.db, user.email, HOME_ACCOUNTS),
    openFollowUpsOwnedBy(ctx.db, user.email, HOME_FOLLOW_UPS),
    openAlertsFor(ctx.db, user.email, HOME_ALERTS),
    openLoopsList(ctx.db, user.email, HOME_LOOPS),
    checkInsDue(ctx, now, { owner: user.email }),
    routingView(ctx, { platform, ...user }),
  ]);
  const timeZone = zoneOf(ctx, user);
  const locale = user.locale ?? defaultLocale(ctx);
  return homeCard(
    user.name,
    portfolio,
    followUps,
    alerts,
    todayFor(ctx, user),
    { rows: loops.rows.map(lineOf), total: loops.total, now, timeZone },
    checkInsList(checkIns, HOME_CHECK_INS, now, timeZone, locale),
    settings,
    locale,
  );
}
