import { when as whenIn } from '../cards/i18n/format';
import { t, tm } from '../cards/i18n/t';
import type { Locale } from '../domain/locale';
import { lockAccount } from '../store/accounts';
import type { Actor } from './alert-actions';
import { churnToUndo, reopenAlertsAfterChurnUndo } from './churn';
import { type AppContext, localDay } from './context';
import { defaultLocale } from './languages';
import {
  cardsFor,
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
  const told = actor.locale ?? defaultLocale(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, ref.accountId);
    if (account.renewal_date !== ref.renewalDate) {
      return { changed: false, message: t(told, 'renewal.undoOutOfDate') };
    }
    const churn = await churnToUndo(trx, account, ref.renewalDate, now);
    if ('refused' in churn) return { changed: false, message: tm(told, churn.refused) };
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
    const zone = ctx.config.settings.timezone;
    const text = (l: Locale) =>
      t(l, 'renewal.outcome.undone', {
        who: actor.name,
        when: whenIn(l, now, now, zone),
        reopened,
      });
    const active = { ...account, status: 'active' as const };
    const card = await cardsFor(ctx, trx, active, ref.renewalDate, today, { outcome: text });
    await enqueueUpdates(trx, account.id, ref.renewalDate, card, `${requestKey}:undo`, now);
    return { changed: true, message: text(told) };
  });
}
