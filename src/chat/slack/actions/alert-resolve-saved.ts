import { defaultLocale } from '../../../app/languages';
import { resolveAsSaved } from '../../../app/reviews';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { safely } from '../safely';
import { openForm, showCard } from './show';
import { slackAction } from './typed';
import { noteIfUnchanged } from './unchanged-note';

/**
 * Resolved · saved: resolves the alert (every copy is rewritten through the outbox), then opens
 * the save review modal. The resolution is one short transaction, so the modal still opens
 * within the trigger_id's 3 s.
 */
export const alertResolveSaved = slackAction(
  ACTIONS.alertResolveSaved,
  (deps) => async (args, value) => {
    await safely(deps.ctx.log, ACTIONS.alertResolveSaved, async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      const locale = who.locale ?? defaultLocale(deps.ctx);
      const answer = await resolveAsSaved(
        deps.ctx,
        value.alertId,
        { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
        `slack:${args.body.trigger_id}`,
        (accountId) =>
          submit(t(locale, 'form.save'), ACTIONS.reviewSave, { accountId, kind: 'save' }),
      );
      if (answer.form) await openForm(args, answer.form);
      else if (answer.note) {
        await showCard(
          args,
          noticeCard(t(locale, 'click.reviewTitle'), answer.note, locale),
          false,
        );
      } else await noteIfUnchanged(args, answer.result);
    });
  },
);
