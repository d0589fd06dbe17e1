import type { AppContext } from './context';

export async function runDigestJob(_ctx: AppContext, _slot: Date): Promise<unknown> {
  return { digests: 0 };
}
