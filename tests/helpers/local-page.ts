import { PAGE_TOKEN_HEADER } from '../../src/chat/local/page-guard';

/** The per-process token the local workspace puts in its page (every POST must carry it). */
export async function pageToken(base: string): Promise<string> {
  const html = await (await fetch(base)).text();
  const token = /name="tend-page-token" content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the local workspace page has no token');
  return token;
}

/** A POST to the local workspace as its own page makes it. */
export async function postAsPage(base: string, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PAGE_TOKEN_HEADER]: await pageToken(base) },
    body: JSON.stringify(body),
  });
}
