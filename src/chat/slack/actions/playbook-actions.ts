import { tendErrorText } from '../../../app/chat-commands';
import { defaultLocale } from '../../../app/languages';
import { tickPlaybookStep } from '../../../app/playbooks';
import { ACTIONS } from '../../../cards/actions';
import { isTendError } from '../../../errors';
import { safely } from '../safely';
import { runAlertClick } from './alert-click';
import { showCard } from './show';
import { slackAction } from './typed';
import { noteIfUnchanged } from './unchanged-note';

/**
 * Done on a checklist card: the tick is recorded once and every posted copy is rewritten
 * through the outbox. A private copy (the /play answer) is not in the outbox: it is redrawn
 * through the click's response_url.
 */
export const playbookTick = slackAction(ACTIONS.playbookTick, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.playbookTick, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const locale = who.locale ?? defaultLocale(deps.ctx);
    try {
      const result = await tickPlaybookStep(
        deps.ctx,
        value.stepId,
        { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
        locale,
      );
      if (result.changed && args.body.container?.is_ephemeral) {
        await showCard(args, result.card, true);
      }
      await noteIfUnchanged(args, result);
    } catch (error) {
      if (!isTendError(error)) throw error;
      await noteIfUnchanged(args, { changed: false, message: tendErrorText(locale, error) });
    }
  });
});

/** Create opportunity on an expansion card: recorded once, the card rewritten everywhere. */
export const opportunityCreate = slackAction(
  ACTIONS.opportunityCreate,
  (deps) => (args, value) =>
    runAlertClick(deps, args, ACTIONS.opportunityCreate, async () => ({
      alertId: value.alertId,
      action: { kind: 'opportunity' },
    })),
);
