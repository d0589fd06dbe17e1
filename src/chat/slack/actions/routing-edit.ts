import { routingView } from '../../../app/personal-routing';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { routingForm } from '../../../cards/routing-card';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openForm } from './show';
import { slackAction } from './typed';

/** "Change alert settings" on App Home: the settings form as a modal (trigger_id lives 3 s). */
export const routingEdit = slackAction(ACTIONS.routingEdit, (deps) => async (args) => {
  await safely(deps.ctx.log, ACTIONS.routingEdit, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const view = await routingView(deps.ctx, { platform: 'slack', ...who });
    const locale = who.locale ?? (await clickerLocale(deps, who.id));
    await openForm(
      args,
      routingForm(
        view,
        submit(t(locale, 'form.save'), ACTIONS.routingSave, { settings: 1 }),
        locale,
      ),
    );
  });
});
