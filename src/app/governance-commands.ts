import { noticeCard } from '../cards/notice-card';
import type { CsAction } from '../domain/parse/command';
import { isTendError } from '../errors';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { setExternalPermission } from './external-channels';
import { erasePerson, exportPerson } from './privacy';
import { adminOnly, isAdmin, refuse } from './roles';

const ephemeral = (title: string, text: string): ChatReply => ({
  visibility: 'ephemeral',
  card: noticeCard(title, text),
});

const PRIVACY_USAGE = 'Usage: /cs privacy export <email> or /cs privacy erase <email> confirm';

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
): Promise<ChatReply> {
  if (command.action === 'allow-external') return setExternalPermission(ctx, request, true);
  if (command.action === 'deny-external') return setExternalPermission(ctx, request, false);
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
        'Privacy export',
        counts.length === 0
          ? `Nothing names ${doc.email}.`
          : `Records naming ${doc.email}: ${counts.join(', ')}. The document itself: tend privacy export ${doc.email} --out <file>, or POST /api/v1/privacy/export.`,
      );
    }
    if (verb === 'erase' && email && rest.length === 0) {
      if (confirm !== 'confirm') {
        return ephemeral(
          'Erase for good?',
          `This erases or anonymises every record of ${email}. Type /cs privacy erase ${email} confirm to go ahead.`,
        );
      }
      const report = await erasePerson(ctx, email, requester);
      const counts = Object.entries(report.changed).map(([t, n]) => `${n} ${t}`);
      return ephemeral(
        'Erased',
        `${counts.length === 0 ? 'Nothing named them.' : `Changed: ${counts.join(', ')}.`} Recorded as audit entry ${report.auditId}.`,
      );
    }
  } catch (error) {
    if (isTendError(error)) return ephemeral('Privacy', error.message);
    throw error;
  }
  return ephemeral('Privacy', PRIVACY_USAGE);
}
