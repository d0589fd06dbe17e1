import { applyAlertAction } from '../../app/alert-actions';
import { tendErrorText } from '../../app/chat-commands';
import { tickPlaybookStep } from '../../app/playbooks';
import { ACTIONS } from '../../cards/actions';
import { isTendError } from '../../errors';
import type { Handler, Handlers } from './actions';

/** Done on a checklist: the clicked card is redrawn; other copies go through the outbox. */
const tick: Handler<'playbook.tick'> = async ({ ctx, who, locale }, v) => {
  try {
    const result = await tickPlaybookStep(
      ctx,
      v.stepId,
      { id: who.id, name: `@${who.name}`, platform: 'teams', locale },
      locale,
    );
    return result.changed ? { replace: result.card } : { note: result.message };
  } catch (error) {
    if (isTendError(error)) return { note: tendErrorText(locale, error) };
    throw error;
  }
};

/** Create opportunity on an expansion card: the alert action of the same name. */
const opportunity: Handler<'opportunity.create'> = async ({ ctx, turn, who, locale }, v) => {
  const result = await applyAlertAction(
    ctx,
    v.alertId,
    { kind: 'opportunity' },
    { id: who.id, name: `@${who.name}`, platform: 'teams', locale },
    `teams:${turn.activity.id}`,
  );
  return result.changed ? { replace: result.card } : { note: result.message };
};

export const PLAYBOOK_HANDLERS: Handlers = {
  [ACTIONS.playbookTick]: tick,
  [ACTIONS.opportunityCreate]: opportunity,
};
