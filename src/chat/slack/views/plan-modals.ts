import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tendErrorText } from '../../../app/chat-commands';
import type { PlanEdit } from '../../../app/plans';
import { saveGoal, saveMilestone } from '../../../app/plans';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { t, tm } from '../../../cards/i18n/t';
import type { Card } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { PLAN_FIELDS as F } from '../../../cards/plan-forms';
import type { Locale, Msg } from '../../../domain/locale';
import { goalProblems, isMilestoneStatus, milestoneProblems } from '../../../domain/plans';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

// The success plan's modals (cards/plan-forms.ts, drawn by cards/block-kit-modal.ts): checked at
// once (problems show on their fields), then saved; the view id is the request key, so a
// repeated submission saves once. The plan card comes back privately where the button was.

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = Args['view']['state']['values'];

const text = (v: Values, id: string) => v[id]?.[id]?.value ?? '';
const OUT_OF_DATE: Msg = { key: 'problem.formOutOfDate' };

/** Field → problem in the clicker's language (the fields' ids are the problems' keys). */
const worded = (locale: Locale, problems: Record<string, Msg>): Record<string, string> =>
  Object.fromEntries(Object.entries(problems).map(([field, m]) => [field, tm(locale, m)]));
const date = (v: Values, id: string) => v[id]?.[id]?.selected_date ?? '';

async function answer(
  deps: SlackDeps,
  args: Args,
  channelId: string | null | undefined,
  locale: Locale,
  work: () => Promise<PlanEdit>,
): Promise<void> {
  const { client, body } = args;
  const tell = async (card: Card) => {
    const out = renderMessage(card);
    if (channelId)
      await client.chat.postEphemeral({ channel: channelId, user: body.user.id, ...out });
    else await client.chat.postMessage({ channel: body.user.id, ...out });
  };
  try {
    await tell((await work()).card);
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'plan modal failed');
    const message = isTendError(error)
      ? tendErrorText(locale, error)
      : t(locale, 'click.nothingSaved');
    await tell(noticeCard(t(locale, 'click.successPlan'), message, locale)).catch(() => {});
  }
}

export const goalCallbackId = ACTIONS.planGoalSave;

export const goalListener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const v = view.state.values;
  const fields = {
    outcome: text(v, F.outcome),
    measure: text(v, F.measure) || null,
    targetOn: date(v, F.target) || null,
  };
  const meta = parseValueOf(goalCallbackId, view.private_metadata);
  const locale = await clickerLocale(deps, body.user.id);
  const problems = meta ? goalProblems(fields) : { [F.outcome]: OUT_OF_DATE };
  if (Object.keys(problems).length > 0 || !meta) {
    await args.ack({ response_action: 'errors', errors: worded(locale, problems) });
    return;
  }
  await args.ack();
  await answer(deps, args, meta.channelId, locale, async () => {
    const who = await deps.identify(client, body.user.id);
    return saveGoal(deps.ctx, {
      accountId: meta.accountId,
      goalId: meta.goalId,
      fields,
      editor: { by: who.email ?? `slack:${who.id}`, source: 'slack', locale },
      requestKey: `slack:view:${view.id}`,
    });
  });
};

export const milestoneCallbackId = ACTIONS.planMilestoneSave;

export const milestoneListener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const v = view.state.values;
  const status = v[F.status]?.[F.status]?.selected_option?.value ?? 'planned';
  const ownerId = v[F.owner]?.[F.owner]?.selected_user ?? null;
  const meta = parseValueOf(milestoneCallbackId, view.private_metadata);
  const draft = {
    title: text(v, F.title),
    dueOn: date(v, F.due),
    // Checked once the picked person's e-mail is known (after the ack).
    ownerEmail: null,
    status: isMilestoneStatus(status) ? status : 'planned',
  } as const;
  const locale = await clickerLocale(deps, body.user.id);
  const problems: Record<string, Msg> = meta
    ? milestoneProblems(draft)
    : { [F.title]: OUT_OF_DATE };
  if (!isMilestoneStatus(status)) problems[F.status] = { key: 'problem.pickStatus' };
  if (Object.keys(problems).length > 0 || !meta) {
    await args.ack({ response_action: 'errors', errors: worded(locale, problems) });
    return;
  }
  await args.ack();
  await answer(deps, args, meta.channelId, locale, async () => {
    const [who, owner] = await Promise.all([
      deps.identify(client, body.user.id),
      ownerId ? deps.identify(client, ownerId) : Promise.resolve(null),
    ]);
    return saveMilestone(deps.ctx, {
      accountId: meta.accountId,
      milestoneId: meta.milestoneId,
      fields: { ...draft, ownerEmail: owner?.email ?? null },
      editor: { by: who.email ?? `slack:${who.id}`, source: 'slack', locale },
      requestKey: `slack:view:${view.id}`,
    });
  });
};
