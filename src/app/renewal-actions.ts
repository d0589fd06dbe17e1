import { formatWhen, plural } from '../cards/format';
import type { Card } from '../cards/model';
import { type RenewalCardView, renewalCard } from '../cards/renewal-card';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import { daysBetween, isIsoDay } from '../domain/dates';
import { renewalPlan } from '../domain/renewals';
import { TendError } from '../errors';
import { lockAccount } from '../store/accounts';
import { createFollowUp } from '../store/follow-ups';
import { latestSnapshot } from '../store/health-snapshots';
import { enqueue, postsOfAccount } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { hasRenewalEvent, recordRenewalEvent } from '../store/renewals';
import type { Actor } from './alert-actions';
import { CHURN_UNDO_MS, resolveAlertsForChurn } from './churn';
import { type AppContext, localDay } from './context';
import { renewalKey } from './renewal-reminders';

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
  return ctx.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, ref.accountId);
    if (account.status === 'churned')
      return { changed: false, message: `${account.name} is already marked churned.` };
    if (account.renewal_date !== ref.renewalDate) {
      return {
        changed: false,
        message: `Already marked renewed (next renewal ${account.renewal_date ?? 'not set'}).`,
      };
    }
    const event = {
      accountId: account.id,
      renewalDate: ref.renewalDate,
      actor: actor.id,
      platform: actor.platform,
      at: now,
    };
    let text: string;
    let closed = false;
    let churned: RenewalCardView['churned'];
    switch (action.kind) {
      case 'plan': {
        if (await hasRenewalEvent(trx, account.id, ref.renewalDate, 'plan_started')) {
          return { changed: false, message: 'A renewal plan already exists for this renewal.' };
        }
        const steps = renewalPlan(ref.renewalDate, today);
        for (const [i, step] of steps.entries()) {
          await createFollowUp(trx, {
            accountId: account.id,
            title: step.title,
            ownerEmail: account.owner_email,
            dueOn: step.dueOn,
            createdBy: actor.id,
            source: 'renewal',
            requestKey: `${requestKey}:plan:${i}`,
          });
        }
        await recordRenewalEvent(trx, { ...event, kind: 'plan_started' });
        text = `Renewal plan started by ${actor.name}: ${steps.length} follow-ups`;
        break;
      }
      case 'renewed': {
        if (!isIsoDay(action.newDate) || action.newDate <= ref.renewalDate) {
          throw new TendError(
            'bad_renewal_date',
            `the new renewal date must be a day after ${ref.renewalDate}`,
          );
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
        text = `Marked renewed by ${actor.name} (next renewal ${action.newDate})`;
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
        text = `Marked churned by ${actor.name} at ${formatWhen(now, now, ctx.config.settings.timezone)}${resolved > 0 ? ` · ${plural(resolved, 'open alert')} resolved` : ''}`;
        closed = true;
        churned = {
          undoUntil: formatWhen(
            new Date(now.getTime() + CHURN_UNDO_MS),
            now,
            ctx.config.settings.timezone,
          ),
        };
        break;
      }
      case 'snooze': {
        const days = action.days ?? SNOOZE_DAYS;
        const again = new Date(now.getTime() + days * 86_400_000);
        const card = await cardFor(trx, account, ref.renewalDate, today, {
          outcome: `Snoozed by ${actor.name}: reminding again`,
        });
        const posts = await postsOfAccount(
          trx,
          account.id,
          renewalKey(account.id, ref.renewalDate),
        );
        const targets = new Map(posts.map((p) => [`${p.platform}:${p.channel_id}`, p]));
        const reposts: NewMessage<Card>[] = [...targets.values()].map((p) => ({
          platform: p.platform,
          channelId: p.channel_id,
          dedupeKey: `${renewalKey(account.id, ref.renewalDate)}snooze:${requestKey}:${p.platform}:${p.channel_id}`,
          payload: { op: 'post', kind: 'renewal', card },
          accountId: account.id,
          notBefore: again,
        }));
        if (reposts.length > 0 && (await enqueue(trx, reposts, now)) === 0) {
          return { changed: false, message: 'Already snoozed.' };
        }
        await recordRenewalEvent(trx, { ...event, kind: 'snoozed' });
        text = `Snoozed by ${actor.name} for ${days} days`;
        break;
      }
    }
    const card = await cardFor(trx, account, ref.renewalDate, today, {
      outcome: text,
      closed,
      ...(churned ? { churned } : {}),
    });
    await enqueueUpdates(trx, account.id, ref.renewalDate, card, requestKey, now);
    return { changed: true, message: text };
  });
}

export async function cardFor(
  db: Db,
  account: Account,
  renewalDate: string,
  today: string,
  extra: Pick<RenewalCardView, 'outcome' | 'closed' | 'churned'>,
): Promise<Card> {
  const snapshot = await latestSnapshot(db, account.id);
  return renewalCard({
    accountId: account.id,
    name: account.name,
    renewalDate,
    daysLeft: daysBetween(today, renewalDate),
    arr: account.arr,
    owner: account.owner_email,
    score: snapshot?.score ?? null,
    band: snapshot?.band ?? null,
    ...extra,
  });
}

export async function enqueueUpdates(
  db: Db,
  accountId: number,
  renewalDate: string,
  card: Card,
  requestKey: string,
  now: Date,
): Promise<void> {
  const prefix = renewalKey(accountId, renewalDate);
  // A snoozed copy waiting for next week gets the news when it is posted, not an update now.
  const posts = (await postsOfAccount(db, accountId, prefix)).filter(
    (p) => p.status !== 'failed' && p.ready_at <= now,
  );
  await enqueue(
    db,
    posts.map((p) => ({
      platform: p.platform,
      channelId: p.channel_id,
      dedupeKey: `${prefix}update:${requestKey}:${p.id}`,
      payload: { op: 'update', kind: 'renewal', of: p.dedupe_key, card },
      accountId,
    })),
    now,
  );
}
