import { snoozeUntilFormFor } from '../../../app/alert-notes';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { runAlertClick } from './alert-click';
import { clickerLocale } from './clicker-locale';
import { openForm } from './show';
import { slackAction } from './typed';

/**
 * The Snooze menu: each option's value carries the alert id and the duration; "Until after a
 * date…" opens a modal asking for the date and why (the click's trigger lives 3 s).
 */
export const alertSnooze = slackAction(ACTIONS.alertSnooze, (deps) => async (args, value) => {
  const choice = value.for;
  if (choice !== 'date') {
    await runAlertClick(deps, args, ACTIONS.alertSnooze, async () => ({
      alertId: value.alertId,
      action: { kind: 'snooze', for: choice },
    }));
    return;
  }
  await safely(deps.ctx.log, ACTIONS.alertSnooze, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    const form = await snoozeUntilFormFor(
      deps.ctx,
      value.alertId,
      submit(t(locale, 'form.save'), ACTIONS.alertSnoozeUntil, {
        alertId: value.alertId,
        channelId: args.body.channel?.id ?? null,
      }),
      locale,
    );
    if (!form) return;
    await openForm(args, form);
  });
});
