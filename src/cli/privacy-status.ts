import type { AppContext } from '../app/context';

export async function privacyStatusLines(_ctx: AppContext): Promise<string[]> {
  return ['not yet'];
}
