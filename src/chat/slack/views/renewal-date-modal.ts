import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { applyRenewalAction } from '../../../app/renewal-actions';
import { addDays, isIsoDay } from '../../../domain/dates';
import { isTendError } from '../../../errors';
import type { SlackDeps } from '../deps';

export const callbackId = 'renewal.renewed.date';
const BLOCK = 'new_date';
const ACTION = 'date';
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadata = z.object({
  accountId: z.number().int().positive(),
  renewalDate: z.string().refine(isIsoDay),
  name: z.string(),
});

/** "Mark renewed" asks for the next renewal date (a year later unless changed). */
export function renewalDateModal(meta: z.infer<typeof metadata>) {
  return {
    type: 'modal' as const,
    callback_id: callbackId,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: 'Mark renewed' },
    submit: { type: 'plain_text' as const, text: 'Save' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: BLOCK,
        label: { type: 'plain_text', text: `Next renewal date of ${meta.name.slice(0, 1900)}` },
        element: {
          type: 'datepicker',
          action_id: ACTION,
          initial_date: addDays(meta.renewalDate, 365),
        },
      },
    ],
  };
}

/** Save: the view id is the request key, so a repeated submission records one outcome. */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const date = view.state.values[BLOCK]?.[ACTION]?.selected_date ?? '';
  const parsed = metadata.safeParse(JSON.parse(view.private_metadata || '{}'));
  if (!parsed.success || !isIsoDay(date) || date <= parsed.data.renewalDate) {
    await args.ack({
      response_action: 'errors',
      errors: { [BLOCK]: 'Pick a date after the current renewal date.' },
    });
    return;
  }
  await args.ack();
  try {
    const who = await deps.identify(client, body.user.id);
    await applyRenewalAction(
      deps.ctx,
      { accountId: parsed.data.accountId, renewalDate: parsed.data.renewalDate },
      { kind: 'renewed', newDate: date },
      { id: who.id, name: `@${who.name}`, platform: 'slack' },
      `slack:view:${view.id}`,
    );
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'renewal date modal failed');
  }
};
