import { randomUUID } from 'node:crypto';
import { routingView, saveRoutingForm } from '../../app/personal-routing';
import { ACTIONS } from '../../cards/actions';
import { t } from '../../cards/i18n/t';
import { submit } from '../../cards/model';
import { ROUTING_FIELDS, routingForm } from '../../cards/routing-card';
import type { Handler, Handlers } from './actions';

/** "Change alert settings" on the settings card (`settings` in the personal chat): the form. */
const edit: Handler<'routing.edit'> = async ({ ctx, who, locale }) => {
  const view = await routingView(ctx, { platform: 'teams', ...who });
  return {
    replace: routingForm(
      view,
      submit(t(locale, 'form.save'), ACTIONS.routingSave, { settings: 1, form: randomUUID() }),
      locale,
    ),
  };
};

/** The form's Save: every field checked; a problem is said and the form stays. */
const save: Handler<'routing.save'> = async ({ ctx, who, data, locale }) => {
  const field = (id: string) => {
    const v = data[id];
    return typeof v === 'string' ? v : null;
  };
  const saved = await saveRoutingForm(
    ctx,
    { platform: 'teams', ...who, locale },
    Object.fromEntries(Object.values(ROUTING_FIELDS).map((id) => [id, field(id)])),
  );
  if (!saved.ok) return { note: Object.values(saved.errors).join(' ') };
  return { replace: saved.card };
};

export const ROUTING_HANDLERS: Handlers = {
  [ACTIONS.routingEdit]: edit,
  [ACTIONS.routingSave]: save,
};
