import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { ingestBatch, MAX_BATCH_ROWS } from '../../app/ingest';
import type { EntityName } from '../../domain/ingest';
import { HttpError, readJsonBody } from '../body';
import { sendJson } from '../server';

// Rows are checked one by one later (to list every bad row); here only the envelope.
export const batchEnvelope = z.object({ rows: z.array(z.unknown()) });

/** POST /api/v1/<entity>: `{ "rows": [...] }` → 200 counts, or 422 with every bad row. */
export function ingestHandler(ctx: AppContext, entity: EntityName) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJsonBody(req);
    const envelope = batchEnvelope.safeParse(body);
    if (!envelope.success) {
      throw new HttpError(400, {
        error: 'invalid_body',
        message: 'send an object like { "rows": [ { … }, … ] }',
      });
    }
    const { rows } = envelope.data;
    if (rows.length > MAX_BATCH_ROWS) {
      throw new HttpError(413, {
        error: 'too_many_rows',
        limit_rows: MAX_BATCH_ROWS,
        message: `a batch holds at most ${MAX_BATCH_ROWS} rows; split it`,
      });
    }
    const result = await ingestBatch(ctx, entity, rows);
    if (result.ok) {
      const { ok: _ok, ...counts } = result;
      sendJson(res, 200, counts);
    } else {
      sendJson(res, 422, { error: 'invalid_rows', rows: result.errors });
    }
  };
}
