import { day as dayIn, when } from '../cards/i18n/format';
import { type MessageKey, t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { renewalCard } from '../cards/renewal-card';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import { daysBetween, isIsoDay } from '../domain/dates';
import type { Locale } from '../domain/locale';
import { type RenewalPlanStep, renewalPlan } from '../domain/renewals';
import { TendError } from '../errors';
import { lockAccount } from '../store/accounts';
import { createFollowUp } from '../store/follow-ups';
import { latestSnapshot } from '../store/health-snapshots';
import { enqueue, postsOfAccount } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { hasRenewalEvent, recordRenewalEvent } from '../store/renewals';
import type { Actor } from './alert-actions';
import { postLocales } from './alert-thread';
import { CHURN_UNDO_MS, resolveAlertsForChurn } from './churn';
import { type AppContext, localDay } from './context';
import { defaultLocale } from './languages';
import { renewalKey } from './renewal-reminders';

const PLAN_STEP_KEY = {
  review: 'renewal.planStep.review',
  decision: 'renewal.planStep.decision',
  proposal: 'renewal.planStep.proposal',
  signed: 'renewal.planStep.signed',
} as const satisfies Record<RenewalPlanStep, MessageKey>;

export type RenewalAction =
  | { kind: 'plan' }
  | { kind: 'renewed'; newDate: string }
  | { kind: 'churned' }
  | { kind: 'snooze'; days?: number };

export interface RenewalRef {
  accountId: number;
  renewalDate: string;
}

export interface RenewalActionResult {
  changed: boolean;
  message: string;
}

const SNOOZE_DAYS = 7;

/**
 * A click on a renewal reminder. Outcomes (renewed with the new date, churned) are kept as
 * renewal events for reporting and close every copy of the reminder; a plan creates the
 * checklist of follow-ups once; snooze posts the reminder again a week later. A click on a
 * renewal already decided, or a repeated request, changes nothing.
 */
export async function applyRenewalAction(
  ctx: AppContext,
  ref: RenewalRef,
  action: RenewalAction,
  actor: Actor,
  requestKey: string,
): Promise<RenewalActionResult> {
  const now = ctx.clock.now();
  const today = localDay(ctx, now);
  const zone = ctx.config.settings.timezone;
  // The clicker is told in their language; every copy of the card in its channel's.
  const told = actor.locale ?? defaultLocale(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, ref.accountId);
    if (account.status === 'churned')
      return {
        changed: false,
        message: t(told, 'renewal.alreadyChurned', { name: account.name }),
      };
    if (account.renewal_date !== ref.renewalDate) {
      const next = account.renewal_date;
      return {
        changed: false,
        message: next
          ? t(told, 'renewal.alreadyRenewed', { day: renewalDay(told, next, today) })
          : t(told, 'renewal.alreadyRenewedNoDate'),
      };
    }
    const event = {
      accountId: account.id,
      renewalDate: ref.renewalDate,
      actor: actor.id,
      platform: actor.platform,
      at: now,
    };
    let text: Outcome;
    let closed = false;
    let churned: { undoUntil: Date } | undefined;
    switch (action.kind) {
      case 'plan': {
        if (await hasRenewalEvent(trx, account.id, ref.renewalDate, 'plan_started')) {
          return { changed: false, message: t(told, 'renewal.planExists') };
        }
        const steps = renewalPlan(ref.renewalDate, today);
        for (const [i, step] of steps.entries()) {
          await createFollowUp(trx, {
            accountId: account.id,
            // Stored words: written once, in the language of whoever started the plan.
            title: t(told, PLAN_STEP_KEY[step.step]),
            ownerEmail: account.owner_email,
            dueOn: step.dueOn,
            createdBy: actor.id,
            source: 'renewal',
            requestKey: `${requestKey}:plan:${i}`,
          });
        }
        await recordRenewalEvent(trx, { ...event, kind: 'plan_started' });
        text = (l) => t(l, 'renewal.outcome.plan', { who: actor.name, n: steps.length });
        break;
      }
      case 'renewed': {
        if (!isIsoDay(action.newDate) || action.newDate <= ref.renewalDate) {
          const msg = { key: 'renewal.badDate', params: { day: ref.renewalDate } };
          throw new TendError('bad_renewal_date', t('en', 'renewal.badDate', msg.params), 1, msg);
        }
        await trx
          .updateTable('accounts')
          .set({ renewal_date: action.newDate, updated_at: now })
          .where('id', '=', account.id)
          .execute();
        await recordRenewalEvent(trx, {
          ...event,
          kind: 'renewed',
          newRenewalDate: action.newDate,
        });
        const next = action.newDate;
        text = (l) =>
          t(l, 'renewal.outcome.renewed', { who: actor.name, day: renewalDay(l, next, today) });
        closed = true;
        break;
      }
      case 'churned': {
        await trx
          .updateTable('accounts')
          .set({ status: 'churned', updated_at: now })
          .where('id', '=', account.id)
          .execute();
        await recordRenewalEvent(trx, { ...event, kind: 'churned' });
        const resolved = await resolveAlertsForChurn(ctx, trx, account, actor, now, requestKey);
        text = (l) =>
          t(l, 'renewal.outcome.churned', {
            who: actor.name,
            when: when(l, now, now, zone),
            resolved,
          });
        closed = true;
        churned = { undoUntil: new Date(now.getTime() + CHURN_UNDO_MS) };
        break;
      }
      case 'snooze': {
        const days = action.days ?? SNOOZE_DAYS;
        const again = new Date(now.getTime() + days * 86_400_000);
        const card = await cardsFor(ctx, trx, account, ref.renewalDate, today, {
          outcome: (l) => t(l, 'renewal.outcome.snoozedAgain', { who: actor.name }),
        });
        const posts = await postsOfAccount(
          trx,
          account.id,
          renewalKey(account.id, ref.renewalDate),
        );
        const targets = new Map(posts.map((p) => [`${p.platform}:${p.channel_id}`, p]));
        const localeOf = await postLocales(trx);
        const reposts: NewMessage<Card>[] = [...targets.values()].map((p) => ({
          platform: p.platform,
          channelId: p.channel_id,
          dedupeKey: `${renewalKey(account.id, ref.renewalDate)}snooze:${requestKey}:${p.platform}:${p.channel_id}`,
          payload: { op: 'post', kind: 'renewal', card: card(localeOf(p)) },
          accountId: account.id,
          notBefore: again,
        }));
        if (reposts.length > 0 && (await enqueue(trx, reposts, now)) === 0) {
          return { changed: false, message: t(told, 'renewal.alreadySnoozed') };
        }
        await recordRenewalEvent(trx, { ...event, kind: 'snoozed' });
        text = (l) => t(l, 'renewal.outcome.snoozed', { who: actor.name, days });
        break;
      }
    }
    const card = await cardsFor(ctx, trx, account, ref.renewalDate, today, {
      outcome: text,
      closed,
      ...(churned ? { churned } : {}),
    });
    await enqueueUpdates(trx, account.id, ref.renewalDate, card, requestKey, now);
    return { changed: true, message: text(told) };
  });
}

/** An outcome line, worded for each copy of the card (each channel its own language). */
export type Outcome = (locale: Locale) => string;

/** A renewal day in an outcome line: English keeps the booked ISO day, as the card does. */
const renewalDay = (locale: Locale, iso: string, today: string) =>
  locale === 'en' ? iso : dayIn(locale, iso, today);

/**
 * The reminder card in any language, from one read of the account's health. `undoUntil` is
 * the instant the churn can be taken back until, written per language.
 */
export async function cardsFor(
  ctx: AppContext,
  db: Db,
  account: Account,
  renewalDate: string,
  today: string,
  extra: { outcome?: Outcome; closed?: boolean; churned?: { undoUntil: Date | null } },
): Promise<(locale: Locale | undefined) => Card> {
  const snapshot = await latestSnapshot(db, account.id);
  const now = ctx.clock.now();
  const zone = ctx.config.settings.timezone;
  return (wanted) => {
    const locale = wanted ?? defaultLocale(ctx);
    const undo = extra.churned?.undoUntil;
    return renewalCard(
      {
        accountId: account.id,
        name: account.name,
        renewalDate,
        daysLeft: daysBetween(today, renewalDate),
        arr: account.arr,
        owner: account.owner_email,
        score: snapshot?.score ?? null,
        band: snapshot?.band ?? null,
        ...(extra.outcome ? { outcome: extra.outcome(locale) } : {}),
        ...(extra.closed ? { closed: true } : {}),
        ...(extra.churned
          ? { churned: { undoUntil: undo ? when(locale, undo, now, zone) : null } }
          : {}),
      },
      locale,
    );
  };
}

export async function enqueueUpdates(
  db: Db,
  accountId: number,
  renewalDate: string,
  card: (locale: Locale | undefined) => Card,
  requestKey: string,
  now: Date,
): Promise<void> {
  const prefix = renewalKey(accountId, renewalDate);
  // A snoozed copy waiting for next week gets the news when it is posted, not an update now.
  const posts = (await postsOfAccount(db, accountId, prefix)).filter(
    (p) => p.status !== 'failed' && p.ready_at <= now,
  );
  // Each copy in its channel's language, a DM in its person's (as the reminder was posted).
  const localeOf = await postLocales(db);
  await enqueue(
    db,
    posts.map((p) => ({
      platform: p.platform,
      channelId: p.channel_id,
      dedupeKey: `${prefix}update:${requestKey}:${p.id}`,
      payload: { op: 'update', kind: 'renewal', of: p.dedupe_key, card: card(localeOf(p)) },
      accountId,
    })),
    now,
  );
}
