import { tendErrorText } from '../../../app/chat-commands';
import { defaultLocale } from '../../../app/languages';
import { goalFormFor, milestoneFormFor, setMilestoneStatus } from '../../../app/plans';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { isTendError } from '../../../errors';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openFormOrSay, showCard } from './show';
import { slackAction } from './typed';

// The success plan card's buttons (`/plan acme`): the forms open as modals straight after the
// ack (a click's trigger_id lives 3 s); a status change rewrites the card in place.

/** Add goal / Edit (a goal row): the goal modal. */
export const planGoalOpen = slackAction(ACTIONS.planGoalOpen, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.planGoalOpen, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    const form = await goalFormFor(
      deps.ctx,
      value.accountId,
      value.goalId,
      submit(t(locale, 'form.save'), ACTIONS.planGoalSave, {
        accountId: value.accountId,
        ...(value.goalId ? { goalId: value.goalId } : {}),
        channelId: args.body.channel?.id ?? null,
      }),
      locale,
    );
    await openFormOrSay(args, form, t(locale, 'click.successPlan'), locale);
  });
});

/** Add milestone / Edit milestone… (a select) / Edit (a closed row): the milestone modal. */
export const planMilestoneOpen = slackAction(
  ACTIONS.planMilestoneOpen,
  (deps) => async (args, value) => {
    await safely(deps.ctx.log, ACTIONS.planMilestoneOpen, async () => {
      const locale = await clickerLocale(deps, args.body.user.id);
      const form = await milestoneFormFor(
        deps.ctx,
        value.accountId,
        value.milestoneId,
        submit(t(locale, 'form.save'), ACTIONS.planMilestoneSave, {
          accountId: value.accountId,
          ...(value.milestoneId ? { milestoneId: value.milestoneId } : {}),
          channelId: args.body.channel?.id ?? null,
        }),
        // A new milestone is the clicker's unless they pick someone else.
        { kind: 'user', initial: args.body.user.id },
        locale,
      );
      await openFormOrSay(args, form, t(locale, 'click.successPlan'), locale);
    });
  },
);

/** Done (a row) / Mark in progress… (a select): the plan card again, with the change. */
export const planMilestoneStatus = slackAction(
  ACTIONS.planMilestoneStatus,
  (deps) => async (args, value) => {
    await safely(deps.ctx.log, ACTIONS.planMilestoneStatus, async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      const locale = who.locale ?? defaultLocale(deps.ctx);
      try {
        const edit = await setMilestoneStatus(deps.ctx, value.milestoneId, value.status, {
          by: who.email ?? `slack:${who.id}`,
          source: 'slack',
          locale,
        });
        await showCard(args, edit.card, true);
      } catch (error) {
        if (!isTendError(error)) throw error;
        await showCard(
          args,
          noticeCard(t(locale, 'click.successPlan'), tendErrorText(locale, error), locale),
          false,
        );
      }
    });
  },
);
