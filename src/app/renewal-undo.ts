import { formatWhen, plural } from '../cards/format';
import { lockAccount } from '../store/accounts';
import type { Actor } from './alert-actions';
import { churnToUndo, reopenAlertsAfterChurnUndo } from './churn';
import { type AppContext, localDay } from './context';
import {
  cardFor,
  enqueueUpdates,
  type RenewalActionResult,
  type RenewalRef,
} from './renewal-actions';

/**
 * Undo of "Mark churned", within CHURN_UNDO_MS: the account is active again, the churn outcome
 * is withdrawn, the alerts the churn resolved are reopened, and every copy of the reminder
 * gets its buttons back. Later, or on an account not churned, it changes nothing and says why.
 */
export async function undoChurn(
  ctx: AppContext,
  ref: RenewalRef,
  actor: Actor,
  requestKey: string,
): Promise<RenewalActionResult> {
  const now = ctx.clock.now();
  const today = localDay(ctx, now);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, ref.accountId);
    if (account.renewal_date !== ref.renewalDate) {
      return { changed: false, message: 'This reminder is out of date; nothing to undo.' };
    }
    const churn = await churnToUndo(trx, account, ref.renewalDate, now);
    if ('refused' in churn) return { changed: false, message: churn.refused };
    await trx
      .updateTable('accounts')
      .set({ status: 'active', updated_at: now })
      .where('id', '=', account.id)
      .execute();
    const reopened = await reopenAlertsAfterChurnUndo(
      ctx,
      trx,
      account,
      churn.at,
      actor,
      now,
      requestKey,
    );
    const when = formatWhen(now, now, ctx.config.settings.timezone);
    const text = `Churn undone by ${actor.name} at ${when}${reopened > 0 ? ` · ${plural(reopened, 'alert')} reopened` : ''}`;
    const active = { ...account, status: 'active' as const };
    const card = await cardFor(trx, active, ref.renewalDate, today, { outcome: text });
    await enqueueUpdates(trx, account.id, ref.renewalDate, card, `${requestKey}:undo`, now);
    return { changed: true, message: text };
  });
}
