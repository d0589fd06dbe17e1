import type { IncomingMessage, ServerResponse } from 'node:http';
import { healthByExternalId } from '../../app/account-health';
import { type ApiKeyInfo, authenticateApiKey } from '../../app/api-keys';
import { audited } from '../../app/audit';
import type { AppContext } from '../../app/context';
import { planExport } from '../../app/plans';
import { playbooksExport } from '../../app/playbooks-export';
import { ENTITY_NAMES } from '../../domain/ingest';
import { HttpError } from '../body';
import { openApiDocument } from '../openapi';
import { type Route, sendJson } from '../server';
import { ingestHandler } from './api-v1-ingest';
import { metricsHandler } from './api-v1-metrics';
import { privacyHandler } from './api-v1-privacy';
import { timelineHandler } from './api-v1-timeline';

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
  key: ApiKeyInfo,
) => Promise<void>;

/** Bearer key first (no body is read for strangers); refusals become their JSON answers. */
export function authenticated(ctx: AppContext, handler: Handler): Route['handler'] {
  return async (req, res, params) => {
    try {
      const key = await authenticateApiKey(ctx, req.headers.authorization);
      if (!key) {
        req.resume();
        res.setHeader('www-authenticate', 'Bearer realm="tend"');
        throw new HttpError(401, {
          error: 'unauthorized',
          message: 'send a valid API key as "Authorization: Bearer <key>"',
        });
      }
      const path = (req.url ?? '').split('?')[0];
      await audited(
        ctx,
        { origin: 'api', actor: `api:${key.name}`, action: `${req.method} ${path}`, place: null },
        () => handler(req, res, params, key),
      );
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 413) res.setHeader('connection', 'close');
      sendJson(res, error.status, error.body);
    }
  };
}

/** The ingestion API under /api/v1 (PRODUCT.md "Data in, data out"; README "Ingestion API"). */
export function apiV1Routes(ctx: AppContext): Route[] {
  const ingest: Route[] = ENTITY_NAMES.map((entity) => ({
    method: 'POST',
    path: `/api/v1/${entity}`,
    handler: authenticated(ctx, ingestHandler(ctx, entity)),
  }));
  let openApi: string | null = null;
  return [
    ...ingest,
    ...(['export', 'erase'] as const).map(
      (what): Route => ({
        method: 'POST',
        path: `/api/v1/privacy/${what}`,
        handler: authenticated(ctx, privacyHandler(ctx, what)),
      }),
    ),
    {
      method: 'GET',
      path: '/api/v1/accounts/:externalId/health',
      handler: authenticated(ctx, async (_req, res, params) => {
        const view = await healthByExternalId(ctx, params.externalId ?? '');
        if (!view) sendJson(res, 404, { error: 'unknown_account' });
        else sendJson(res, 200, view);
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:externalId/timeline',
      handler: authenticated(ctx, timelineHandler(ctx)),
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:externalId/plan',
      handler: authenticated(ctx, async (_req, res, params) => {
        const plan = await planExport(ctx, params.externalId ?? '');
        if (!plan) sendJson(res, 404, { error: 'unknown_account' });
        else sendJson(res, 200, plan);
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:externalId/playbooks',
      handler: authenticated(ctx, async (_req, res, params) => {
        const runs = await playbooksExport(ctx, params.externalId ?? '');
        if (!runs) sendJson(res, 404, { error: 'unknown_account' });
        else sendJson(res, 200, runs);
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/metrics',
      handler: authenticated(ctx, metricsHandler(ctx)),
    },
    {
      method: 'GET',
      path: '/api/v1/openapi.json',
      handler: (_req, res) => {
        openApi ??= JSON.stringify(openApiDocument());
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(openApi);
      },
    },
  ];
}
