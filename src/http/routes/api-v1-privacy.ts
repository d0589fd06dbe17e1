import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ApiKeyInfo } from '../../app/api-keys';
import { recordAudit } from '../../app/audit';
import type { AppContext } from '../../app/context';
import { erasePerson, exportPerson } from '../../app/privacy';
import { isTendError } from '../../errors';
import { HttpError, readJsonBody } from '../body';
import { sendJson } from '../server';

const request = z.object({ email: z.email() }).strict();

/**
 * POST /api/v1/privacy/export and /erase: `{ "email": "…" }`, with an admin key only (an
 * ingest key is refused with 403, and the refusal is logged). Export answers the JSON
 * document; erase answers what changed and the audit entry that records it.
 */
export function privacyHandler(ctx: AppContext, what: 'export' | 'erase') {
  return async (req: IncomingMessage, res: ServerResponse, _p: unknown, key: ApiKeyInfo) => {
    if (key.role !== 'admin') {
      req.resume();
      ctx.log.warn({ key: key.name, route: what }, 'refused: privacy route needs an admin key');
      await recordAudit(ctx, {
        actor: `api:${key.name}`,
        action: `refused privacy ${what}`,
        origin: 'api',
        place: req.url ?? null,
        details: { reason: 'needs an admin API key' },
      });
      throw new HttpError(403, {
        error: 'forbidden',
        message: `privacy ${what} needs an admin API key (tend api-key create <name> --role admin)`,
      });
    }
    const parsed = request.safeParse(await readJsonBody(req));
    if (!parsed.success) {
      throw new HttpError(400, {
        error: 'invalid_body',
        message: 'send an object like { "email": "person@example.com" }',
      });
    }
    const requester = { origin: 'api' as const, actor: `api:${key.name}`, place: req.url ?? null };
    try {
      if (what === 'export')
        sendJson(res, 200, await exportPerson(ctx, parsed.data.email, requester));
      else sendJson(res, 200, await erasePerson(ctx, parsed.data.email, requester));
    } catch (error) {
      if (isTendError(error))
        throw new HttpError(400, { error: error.code, message: error.message });
      throw error;
    }
  };
}
