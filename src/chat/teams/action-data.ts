import { z } from 'zod';

// What a click sends back: the data the Adaptive Card renderer put on the action (verb, the
// button's JSON value, the input holding a choice) plus the values of the card's inputs.
// It comes from outside: checked here, never trusted.
export const actionData = z.looseObject({
  verb: z.string().min(1).max(100),
  value: z.string().max(4000).optional(),
  input: z.string().max(200).optional(),
});
export type ActionDataIn = z.infer<typeof actionData>;

/** The follow-up form's own fields (see cards/forms.ts); the form id rides in the value. */
export const followUpForm = z.object({
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

/** The value chosen in the input the clicked action points at (a select or the people picker). */
export function chosen(data: ActionDataIn): string | undefined {
  const id = data.input;
  const v = id ? data[id] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The value to check against the verb's schema: a button's own value, or for a select (whose
 * options are the values) the option chosen in its input.
 */
export function rawValueOf(data: ActionDataIn): string | undefined {
  return data.value ?? chosen(data);
}
