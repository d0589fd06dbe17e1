import type { DB } from '../../src/db/schema';

/**
 * A small hand-made history around Monday 23 Nov 2026 (UTC), for /stats 7d: the current
 * period is 17–23 Nov, the previous 10–16 Nov. tests/integration/metrics/team-metrics.test.ts
 * says which figure each row makes.
 */
export const METRICS_NOW = '2026-11-23T10:00:00Z';
export const ANN = 'ann@tend.test';
export const BOB = 'bob@tend.test';

export async function seedMetricsHistory(db: DB): Promise<Record<'a' | 'b' | 'c' | 'd', number>> {
  const account = async (
    external_id: string,
    owner: string,
    arr: number,
    extra: { contract_start?: string; renewal_date?: string; status?: 'churned' } = {},
  ) =>
    (
      await db
        .insertInto('accounts')
        .values({
          external_id,
          name: `Account ${external_id}`,
          owner_email: owner,
          arr,
          contract_start: '2025-01-01',
          ...extra,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const a = await account('A', ANN, 150, { renewal_date: '2027-11-15' });
  const b = await account('B', ANN, 200, { renewal_date: '2026-11-20', status: 'churned' });
  const c = await account('C', BOB, 80, { renewal_date: '2026-11-21' });
  const d = await account('D', BOB, 50, {
    contract_start: '2026-11-18',
    renewal_date: '2027-11-18',
  });

  // ARR history: A expands 100 → 150 on 20 Nov; C goes down 100 → 80 on 12 Nov; D has none.
  await db
    .insertInto('account_arr_changes')
    .values([
      { account_id: a, at: '2026-11-01T00:00:00Z', arr: 100 },
      { account_id: a, at: '2026-11-20T00:00:00Z', arr: 150 },
      { account_id: b, at: '2025-01-01T00:00:00Z', arr: 200 },
      { account_id: c, at: '2025-01-01T00:00:00Z', arr: 100 },
      { account_id: c, at: '2026-11-12T00:00:00Z', arr: 80 },
    ])
    .execute();

  await db
    .insertInto('renewal_events')
    .values([
      { account_id: b, renewal_date: '2026-11-20', kind: 'churned', at: '2026-11-19T12:00:00Z' },
      {
        account_id: a,
        renewal_date: '2026-11-15',
        kind: 'renewed',
        new_renewal_date: '2027-11-15',
        at: '2026-11-15T09:00:00Z',
      },
    ])
    .execute();

  const alert = async (
    accountId: number,
    rule: string,
    fired: string,
    patch: { acknowledged_at?: string; resolved_at?: string; status?: 'acknowledged' | 'resolved' },
    events: [string, string][],
  ) => {
    const { id } = await db
      .insertInto('alerts')
      .values({ account_id: accountId, rule, summary: rule, fired_at: fired, ...patch })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [action, at] of events) {
      await db
        .insertInto('alert_events')
        .values({ alert_id: id, action, actor: 'U0ANN', platform: 'slack', at })
        .execute();
    }
  };
  await alert(
    a,
    'usage_decline',
    '2026-11-18T10:00:00Z',
    { acknowledged_at: '2026-11-18T12:00:00Z', status: 'acknowledged' },
    [
      ['snooze', '2026-11-18T11:00:00Z'],
      ['ack', '2026-11-18T12:00:00Z'],
    ],
  );
  await alert(
    c,
    'inactivity',
    '2026-11-20T00:00:00Z',
    { resolved_at: '2026-11-20T06:00:00Z', status: 'resolved' },
    [['resolve', '2026-11-20T06:00:00Z']],
  );
  await alert(
    c,
    'detractor',
    '2026-11-12T00:00:00Z',
    { acknowledged_at: '2026-11-12T04:00:00Z', status: 'acknowledged' },
    [['ack', '2026-11-12T04:00:00Z']],
  );
  await alert(a, 'score_drop', '2026-11-22T00:00:00Z', {}, []);

  await db
    .insertInto('follow_ups')
    .values([
      {
        account_id: a,
        title: 'late',
        due_on: '2026-11-18',
        status: 'done',
        created_by: 'x',
        done_at: '2026-11-19T09:00:00Z',
      },
      { account_id: c, title: 'open past due', due_on: '2026-11-20', created_by: 'x' },
      { account_id: a, title: 'due today', due_on: '2026-11-23', created_by: 'x' },
      {
        account_id: c,
        title: 'on time',
        due_on: '2026-11-11',
        status: 'done',
        created_by: 'x',
        done_at: '2026-11-11T15:00:00Z',
      },
    ])
    .execute();

  const survey = async (accountId: number, kind: 'nps' | 'csat', score: number, day: string) =>
    (
      await db
        .insertInto('survey_answers')
        .values({
          external_id: `${kind}-${accountId}-${day}`,
          account_id: accountId,
          kind,
          score,
          answered_on: day,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await survey(a, 'nps', 10, '2026-11-18');
  const detractor = await survey(c, 'nps', 3, '2026-11-19');
  await survey(a, 'csat', 5, '2026-11-20');
  const lowCsat = await survey(c, 'csat', 2, '2026-11-21');
  await survey(a, 'nps', 9, '2026-11-12');

  await db
    .insertInto('survey_loops')
    .values([
      {
        account_id: c,
        survey_answer_id: detractor,
        reason: 'detractor',
        opened_at: '2026-11-19T08:00:00Z',
        due_at: '2026-11-21T08:00:00Z',
        closed_at: '2026-11-20T10:00:00Z',
        outcome: 'contacted',
        note: 'called',
        closed_by: 'U0BOB',
      },
      {
        account_id: c,
        survey_answer_id: lowCsat,
        reason: 'low_csat',
        opened_at: '2026-11-21T09:00:00Z',
        due_at: '2026-11-23T09:00:00Z',
      },
    ])
    .execute();

  await db
    .insertInto('account_reviews')
    .values([
      {
        account_id: b,
        kind: 'churn',
        reason: 'price',
        created_by: 'x',
        created_at: '2026-11-19T13:00:00Z',
        timeline: '[]',
      },
      {
        account_id: c,
        kind: 'save',
        reason: 'support',
        created_by: 'x',
        created_at: '2026-11-20T07:00:00Z',
        timeline: '[]',
      },
      {
        account_id: a,
        kind: 'churn',
        reason: 'competitor',
        created_by: 'x',
        created_at: '2026-11-12T08:00:00Z',
        timeline: '[]',
      },
    ])
    .execute();

  const snap = (accountId: number, day: string, band: 'green' | 'yellow' | 'red') => ({
    account_id: accountId,
    day,
    score: band === 'green' ? 80 : band === 'yellow' ? 55 : 20,
    band,
    measures: '[]',
    drivers: '[]',
    onboarding: false,
  });
  await db
    .insertInto('health_snapshots')
    .values([
      snap(a, '2026-11-09', 'red'),
      snap(a, '2026-11-16', 'yellow'),
      snap(a, '2026-11-23', 'green'),
      snap(b, '2026-11-09', 'green'),
      snap(c, '2026-11-09', 'green'),
      snap(c, '2026-11-23', 'yellow'),
      snap(d, '2026-11-23', 'red'),
    ])
    .execute();
  return { a, b, c, d };
}

/** A detractor answer on the account and its open loop, due at `dueAt`. */
export async function insertLoop(
  db: DB,
  accountId: number,
  o: { score?: number; dueAt?: string; openedAt?: string; comment?: string } = {},
): Promise<number> {
  const answer = await db
    .insertInto('survey_answers')
    .values({
      external_id: `loop-answer-${accountId}-${Math.random().toString(36).slice(2)}`,
      account_id: accountId,
      kind: 'nps',
      score: o.score ?? 3,
      respondent: 'cfo@customer.test',
      comment: o.comment ?? 'Exports keep failing',
      answered_on: '2026-11-22',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const loop = await db
    .insertInto('survey_loops')
    .values({
      account_id: accountId,
      survey_answer_id: answer.id,
      reason: 'detractor',
      opened_at: o.openedAt ?? '2026-11-22T10:00:00Z',
      due_at: o.dueAt ?? '2026-11-24T10:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return loop.id;
}
