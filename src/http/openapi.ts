import { z } from 'zod';
import { MAX_BATCH_ROWS } from '../app/ingest';
import { ENTITY_NAMES, type EntityName, entities } from '../domain/ingest';
import { MAX_BODY_BYTES } from './body';
import { connectorPaths } from './openapi-connectors';
import { metricsPath } from './openapi-metrics';
import { planPath } from './openapi-plan';
import { playbooksPath } from './openapi-playbooks';
import { timelinePath } from './openapi-timeline';

const SUMMARY: Record<EntityName, string> = {
  accounts: 'Upsert accounts by external_id',
  usage: 'Upsert daily usage by (account_external_id, day)',
  tickets: 'Upsert support tickets by external_id',
  surveys: 'Upsert NPS/CSAT answers by external_id (or account, kind, respondent, day)',
};

const error = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, ...extra },
});

const rowErrors = error({
  rows: {
    type: 'array',
    items: {
      type: 'object',
      required: ['index', 'field', 'reason'],
      properties: {
        index: { type: 'integer', description: '0-based position in `rows`' },
        field: { type: 'string' },
        reason: { type: 'string' },
      },
    },
  },
});

const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

function ingestPath(entity: EntityName) {
  const row = z.toJSONSchema(entities[entity].schema, { io: 'input', target: 'draft-2020-12' });
  const { $schema: _drop, ...rowSchema } = row;
  return {
    post: {
      operationId: `ingest_${entity}`,
      summary: SUMMARY[entity],
      description:
        `All or nothing: one bad row rejects the batch (422, every bad row listed) and nothing ` +
        `is written. Sending the same batch again changes nothing. Within a batch the last row ` +
        `for a key wins. At most ${MAX_BATCH_ROWS} rows and ${MAX_BODY_BYTES} bytes.`,
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['rows'],
              properties: { rows: { type: 'array', maxItems: MAX_BATCH_ROWS, items: rowSchema } },
            },
          },
        },
      },
      responses: {
        200: json(
          {
            type: 'object',
            properties: {
              received: { type: 'integer' },
              written: { type: 'integer', description: 'rows inserted or changed' },
              unchanged: { type: 'integer' },
            },
          },
          'Batch stored',
        ),
        400: json(error(), 'Body is not JSON or not { rows: [...] }'),
        401: json(error(), 'Missing, unknown or revoked API key'),
        413: json(error(), `More than ${MAX_BATCH_ROWS} rows or ${MAX_BODY_BYTES} bytes`),
        415: json(error(), 'Content type is not application/json'),
        422: json(rowErrors, 'Some rows are invalid; nothing was written'),
      },
    },
  };
}

/** The OpenAPI 3.1 description of /api/v1, built from the same zod schemas that validate. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const entity of ENTITY_NAMES) paths[`/api/v1/${entity}`] = ingestPath(entity);
  paths['/api/v1/accounts/{externalId}/health'] = {
    get: {
      operationId: 'account_health',
      summary: "An account's latest health snapshot (score, band, drivers, measures)",
      security: [{ bearer: [] }],
      parameters: [{ name: 'externalId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: json(
          {
            type: 'object',
            properties: {
              account: { type: 'object' },
              snapshot: {
                type: ['object', 'null'],
                description: 'null until the first health recompute',
              },
            },
          },
          'The account and its latest snapshot',
        ),
        401: json(error(), 'Missing, unknown or revoked API key'),
        404: json(error(), 'No account with this external id'),
      },
    },
  };
  paths['/api/v1/accounts/{externalId}/timeline'] = timelinePath(json, error());
  paths['/api/v1/accounts/{externalId}/plan'] = planPath(json, error());
  paths['/api/v1/accounts/{externalId}/playbooks'] = playbooksPath(json, error());
  Object.assign(paths, connectorPaths());
  paths['/api/v1/metrics'] = metricsPath(json, error());
  return {
    openapi: '3.1.0',
    info: { title: 'Tend ingestion API', version: '1' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        writeKey: {
          type: 'http',
          scheme: 'basic',
          description: 'A Tend API key as the user name, empty password (Segment write key)',
        },
      },
    },
    paths,
  };
}
