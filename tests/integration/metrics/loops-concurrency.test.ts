import { expect, it } from 'vitest';
import { escalateLoops, openSurveyLoops } from '../../../src/app/survey-loops';
import { fixedClock } from '../../../src/clock';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, replicaHandles } from '../../helpers/jobs-context';

// Three replicas at once (real connections on Postgres): each answer opens one loop and
// posts it once, and a loop past its clock escalates once.
describeEachDatabase('survey loops across replicas', (get, kind) => {
  it('open once and escalate once, however many replicas run at the same time', async () => {
    const acme = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    await get()
      .db.updateTable('accounts')
      .set({ slack_channel: 'C0ACME' })
      .where('id', '=', acme)
      .execute();
    await get()
      .db.insertInto('survey_answers')
      .values(
        Array.from({ length: 20 }, (_, i) => ({
          external_id: `n${i}`,
          account_id: acme,
          kind: 'nps' as const,
          score: i % 7,
          answered_on: '2026-11-23',
        })),
      )
      .execute();
    const replicas = await replicaHandles(get(), kind, 3);
    try {
      const at = (iso: string) => {
        const ctxs = replicas.dbs.map((db) => jobsContext(db, fixedClock(iso)));
        for (const c of ctxs) c.config.settings.alerts.escalationChannel = 'C0ESC';
        return ctxs;
      };
      const opened = await Promise.all(at('2026-11-23T10:00:00Z').map((c) => openSurveyLoops(c)));
      expect(opened.reduce((n, o) => n + o.opened, 0)).toBe(20);
      const loops = await get().db.selectFrom('survey_loops').select('id').execute();
      expect(loops).toHaveLength(20);
      const posts = await get()
        .db.selectFrom('outbox')
        .select('id')
        .where('kind', '=', 'loop')
        .execute();
      expect(posts).toHaveLength(20);
      const escalated = await Promise.all(at('2026-11-26T10:00:00Z').map((c) => escalateLoops(c)));
      expect(escalated.reduce((n, e) => n + e.escalated, 0)).toBe(20);
      const copies = await get()
        .db.selectFrom('outbox')
        .select('id')
        .where('kind', '=', 'loop-escalation')
        .execute();
      expect(copies).toHaveLength(20);
    } finally {
      await replicas.close();
    }
  });
});
