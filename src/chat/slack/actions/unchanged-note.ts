import type { ButtonArgs } from './show';

/**
 * A click that changed nothing (already done, a retried request) leaves the shared message
 * as it is and tells only the person who clicked why.
 */
export async function noteIfUnchanged(
  args: ButtonArgs,
  result: { changed: boolean; message?: string },
): Promise<void> {
  if (result.changed || !args.body.response_url) return;
  await args.respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: result.message,
  } as never);
}
