import { type MessageKey, t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import { problemText } from '../cards/problem-text';
import type { Locale } from '../domain/locale';
import type { CsAction } from '../domain/parse/command';
import { isTendError } from '../errors';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { setExternalPermission } from './external-channels';
import { erasePerson, exportPerson } from './privacy';
import { adminOnly, isAdmin, refuse } from './roles';

/**
 * `/cs privacy …`, `/cs allow-external`, `/cs deny-external`: governance through chat, for
 * admins only (a refusal answers who may, and is logged and audited). A privacy export in chat
 * answers the counts only, privately: the document itself holds personal data and belongs in a
 * file (`tend privacy export --out`) or the API, not in a chat history.
 */
export async function runGovernanceCommand(
  ctx: AppContext,
  request: ChatRequest,
  command: { action: CsAction; args: string },
  locale: Locale = 'en',
): Promise<ChatReply> {
  const ephemeral = (title: MessageKey, text: string): ChatReply => ({
    visibility: 'ephemeral',
    card: noticeCard(t(locale, title), text, locale),
  });
  if (command.action === 'allow-external') {
    return setExternalPermission(ctx, request, true, locale);
  }
  if (command.action === 'deny-external') {
    return setExternalPermission(ctx, request, false, locale);
  }
  if (!isAdmin(ctx, request.user)) {
    return refuse(ctx, request, '/cs privacy', adminOnly(ctx, 'privacy'));
  }
  const [verb, email, confirm, ...rest] = command.args.split(/\s+/).filter(Boolean);
  const requester = {
    origin: request.platform === 'teams' ? ('teams' as const) : ('slack' as const),
    actor: request.user.email ?? `${request.platform}:${request.user.id}`,
    place: request.channelId,
  };
  try {
    if (verb === 'export' && email && !confirm) {
      const doc = await exportPerson(ctx, email, requester);
      const counts = Object.entries(doc.records).map(([t, rows]) => `${rows.length} ${t}`);
      return ephemeral(
        'privacy.exportTitle',
        counts.length === 0
          ? t(locale, 'privacy.nothing', { email: doc.email })
          : t(locale, 'privacy.records', { email: doc.email, counts: counts.join(', ') }),
      );
    }
    if (verb === 'erase' && email && rest.length === 0) {
      if (confirm !== 'confirm') {
        return ephemeral('privacy.eraseTitle', t(locale, 'privacy.eraseConfirm', { email }));
      }
      const report = await erasePerson(ctx, email, requester);
      const counts = Object.entries(report.changed).map(([t, n]) => `${n} ${t}`);
      return ephemeral(
        'privacy.erasedTitle',
        t(locale, 'privacy.erased', {
          counts: counts.length === 0 ? 'none' : counts.join(', '),
          id: report.auditId,
        }),
      );
    }
  } catch (error) {
    if (isTendError(error))
      return ephemeral('privacy.title', error.msg ? problemText(locale, error.msg) : error.message);
    throw error;
  }
  return ephemeral('privacy.title', t(locale, 'privacy.usage'));
}
