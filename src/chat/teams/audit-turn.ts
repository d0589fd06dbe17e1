import type { Activity } from 'botbuilder';
import type { EdgeRequest } from '../../app/audit';
import { commandText, conversationKey } from './activity';

/**
 * What a Teams activity is, for the audit: who (the Entra object id, else the channel account
 * id), what (the command's first word, `cs` with its action; a click's verb; never the text,
 * which may name a person), where (the conversation).
 */
export function teamsEdge(a: Partial<Activity>): EdgeRequest {
  const actor = `teams:${a.from?.aadObjectId ?? a.from?.id ?? 'unknown'}`;
  const place = a.conversation?.id ? conversationKey(a) : null;
  let action: string = a.type ?? 'activity';
  if (a.type === 'invoke') {
    const value = (a.value ?? {}) as { action?: { verb?: string; data?: { verb?: string } } };
    action = `click ${value.action?.verb ?? value.action?.data?.verb ?? a.name ?? 'unknown'}`;
  } else if (a.type === 'message') {
    if (a.value && typeof a.value === 'object') {
      action = `submit ${(a.value as { verb?: string }).verb ?? 'form'}`;
    } else {
      const words = commandText(a).toLowerCase().split(' ');
      const first = /^\/?([a-z][a-z-]*)$/.exec(words[0] ?? '')?.[1] ?? 'message';
      const sub = first === 'cs' && /^[a-z-]+$/.test(words[1] ?? '') ? ` ${words[1]}` : '';
      action = `/${first}${sub}`;
    }
  }
  return { origin: 'teams', actor, action, place };
}
