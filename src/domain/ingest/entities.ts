import { z } from 'zod';
import { type AccountRow, accountRow } from './accounts';
import { type SurveyRow, surveyKey, surveyRow } from './surveys';
import { type TicketRow, ticketRow } from './tickets';
import { type UsageRow, usageRow } from './usage';
import { usageColumns, usageFromCells, usageFromObject } from './usage-fast';

export const ENTITY_NAMES = ['accounts', 'usage', 'tickets', 'surveys'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export interface EntityRows {
  accounts: AccountRow;
  usage: UsageRow;
  tickets: TicketRow;
  surveys: SurveyRow;
}

export interface EntitySpec<R> {
  schema: z.ZodType<R>;
  /** The upsert key: a repeated key within one batch or file keeps the last row. */
  key(row: R): string;
  /** The referenced account, for entities that hang off one. */
  account?(row: R): string;
  /** Fields that must not lie after today (usage and answers from the future are mistakes). */
  notFuture?(row: R): { field: string; day: string } | null;
  /** A shortcut that returns the row zod would for a clean input, else null (then zod). */
  fast?: FastPath<R>;
}

export interface FastPath<R> {
  fromObject(input: object): R | null;
  /** Positions of the entity's fields in a CSV header, for `fromCells`. */
  columns(header: readonly string[]): number[];
  fromCells(cells: readonly string[], at: readonly number[]): R | null;
}

export const entities: { [E in EntityName]: EntitySpec<EntityRows[E]> } = {
  accounts: { schema: accountRow, key: (r) => r.external_id },
  usage: {
    schema: usageRow,
    key: (r) => `${r.account_external_id}\u0000${r.day}`,
    account: (r) => r.account_external_id,
    notFuture: (r) => ({ field: 'day', day: r.day }),
    fast: { fromObject: usageFromObject, columns: usageColumns, fromCells: usageFromCells },
  },
  tickets: {
    schema: ticketRow,
    key: (r) => r.external_id,
    account: (r) => r.account_external_id,
    notFuture: (r) => ({ field: 'opened_at', day: r.opened_at.slice(0, 10) }),
  },
  surveys: {
    schema: surveyRow,
    key: surveyKey,
    account: (r) => r.account_external_id,
    notFuture: (r) => ({ field: 'answered_on', day: r.answered_on }),
  },
};

export function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

/** Every field an entity's rows may carry, in the order CSV headers are documented. */
export function fieldsOf(entity: EntityName): string[] {
  const schema = entities[entity].schema as unknown as { shape?: Record<string, unknown> };
  return Object.keys(schema.shape ?? {});
}

/** Fields a row cannot do without (a CSV header must name them). */
export function requiredFieldsOf(entity: EntityName): string[] {
  const json = z.toJSONSchema(entities[entity].schema, { io: 'input' }) as { required?: string[] };
  return json.required ?? [];
}
