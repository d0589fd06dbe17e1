import { z } from 'zod';
import { type AlertAction, applyAlertAction } from '../../../app/alert-actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import type { ButtonArgs } from './show';
import { noteIfUnchanged } from './unchanged-note';

export const alertValue = z.object({ alertId: z.number().int().positive() });
export const snoozeValue = z.object({
  alertId: z.number().int().positive(),
  for: z.enum(['1h', '4h', '1d', '1w']),
});

function json(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw ?? '');
  } catch {
    return null;
  }
}

/** What was clicked, whatever the element: a button's value, a select's option, a picker. */
export function clickedAction(args: ButtonArgs): {
  value: unknown;
  selectedUser?: string;
  selectedOption?: unknown;
} {
  const a = args.action as {
    value?: string;
    block_id?: string;
    selected_user?: string;
    selected_option?: { value?: string };
  };
  return {
    // A users_select has no value of its own: the card put the alert id in its block_id.
    value: json(a.value ?? a.block_id),
    ...(a.selected_user ? { selectedUser: a.selected_user } : {}),
    ...(a.selected_option ? { selectedOption: json(a.selected_option.value) } : {}),
  };
}

/**
 * Runs an alert action for a Slack click. The request key is the interaction's trigger_id, so
 * Slack's retry of the same request (or a double submit) is recorded once. The message is
 * rewritten through the outbox (chat.update on every copy); a moot click is answered privately.
 */
export async function runAlertClick(
  deps: SlackDeps,
  args: ButtonArgs,
  what: string,
  decide: (
    deps: SlackDeps,
    args: ButtonArgs,
  ) => Promise<{ alertId: number; action: AlertAction } | null>,
): Promise<void> {
  await args.ack();
  await safely(deps.ctx.log, what, async () => {
    const decided = await decide(deps, args);
    if (!decided) return;
    const who = await deps.identify(args.client, args.body.user.id);
    const result = await applyAlertAction(
      deps.ctx,
      decided.alertId,
      decided.action,
      { id: who.id, name: `@${who.name}`, platform: 'slack' },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
}
