import { z } from 'zod';

export { accountValue, followUpValue, parseValue } from '../../cards/button-values';

// What a click sends back: the data the Adaptive Card renderer put on the action (verb, the
// button's JSON value, the input holding a choice) plus the values of the card's inputs.
// It comes from outside: checked here, never trusted.
export const actionData = z.looseObject({
  verb: z.string().min(1).max(100),
  value: z.string().max(4000).optional(),
  input: z.string().max(200).optional(),
});
export type ActionDataIn = z.infer<typeof actionData>;

/** A private card's Share button also names the channel it was asked for in. */
export const shareTarget = z.object({ teamsChannel: z.string().min(1).max(300) });

/** The follow-up form's own fields (see follow-up-form.ts). */
export const followUpForm = z.object({
  form: z.string().uuid(),
  title: z.string().max(2000).optional(),
  due: z.string().max(40).optional(),
});

/**
 * The click in one shape, from an `adaptiveCard/action` invoke (`value.action.verb/data`) or
 * an Action.Submit message (`value` is the data itself).
 */
export function readAction(activityValue: unknown, invoke: boolean): ActionDataIn | null {
  const v = activityValue as { action?: { verb?: unknown; data?: unknown } } | null;
  const raw = invoke ? { ...(v?.action?.data as object), verb: v?.action?.verb } : activityValue;
  const parsed = actionData.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
