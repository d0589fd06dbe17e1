import { describe, expect, it } from 'vitest';
import {
  fieldsOf,
  lastWins,
  requiredFieldsOf,
  surveyKey,
  validateRows,
} from '../../../src/domain/ingest';

const today = '2026-11-20';

describe('ingest row schemas', () => {
  it('accept JSON values and their CSV spelling alike', () => {
    const json = { account_external_id: 'a', day: '2026-11-19', active_users: 3, seats: null };
    const csv = { account_external_id: ' a ', day: '2026-11-19', active_users: '3', seats: '' };
    const a = validateRows('usage', [json], { today });
    const b = validateRows('usage', [csv], { today });
    expect(a.valid[0]?.row).toEqual(b.valid[0]?.row);
    expect(a.valid[0]?.row).toMatchObject({ logins: 0, seats: null });
  });

  it('name the field and reason of every problem, with CSV line numbers', () => {
    const { errors } = validateRows(
      'tickets',
      [
        {
          external_id: '',
          account_external_id: 'a',
          priority: 'low',
          status: 'open',
          opened_at: '2026-11-10',
          closed_at: '2026-11-01',
        },
        {},
      ],
      { today, indexes: [7, 9] },
    );
    expect(errors).toEqual([
      { index: 7, field: 'external_id', reason: 'required' },
      { index: 7, field: 'closed_at', reason: 'is before opened_at' },
      { index: 9, field: 'external_id', reason: 'required' },
      { index: 9, field: 'account_external_id', reason: 'required' },
      { index: 9, field: 'priority', reason: 'required' },
      { index: 9, field: 'status', reason: 'required' },
      { index: 9, field: 'opened_at', reason: 'required' },
    ]);
  });

  it('refuse huge, fractional and non-finite numbers', () => {
    for (const arr of [1e15, -1, '12,5', Number.POSITIVE_INFINITY, '1e3']) {
      const { errors } = validateRows('accounts', [{ external_id: 'x', name: 'X', arr }], {
        today,
      });
      expect(errors[0]?.field, String(arr)).toBe('arr');
    }
    const { errors } = validateRows(
      'usage',
      [{ account_external_id: 'a', day: '2026-11-01', active_users: 1.5 }],
      { today },
    );
    expect(errors).toEqual([{ index: 0, field: 'active_users', reason: 'must be a whole number' }]);
  });

  it('key answers without an id by account, kind, respondent and day', () => {
    const row = {
      external_id: null,
      account_external_id: 'a',
      kind: 'nps' as const,
      score: 9,
      respondent: 'Jo@A.com',
      comment: null,
      answered_on: '2026-11-02',
    };
    expect(surveyKey(row)).toBe('auto:["a","nps","jo@a.com","2026-11-02"]');
    expect(surveyKey({ ...row, external_id: 'S1' })).toBe('S1');
  });

  it('keep the last row of a repeated key', () => {
    const { valid } = validateRows(
      'accounts',
      [
        { external_id: 'x', name: 'First' },
        { external_id: 'y', name: 'Y' },
        { external_id: 'x', name: 'Last' },
      ],
      { today },
    );
    expect(lastWins('accounts', valid).map((v) => v.row.name)).toEqual(['Y', 'Last']);
  });

  it('list CSV columns and the required ones', () => {
    expect(fieldsOf('surveys')).toContain('answered_on');
    expect(requiredFieldsOf('usage')).toEqual(['account_external_id', 'day', 'active_users']);
  });
});
