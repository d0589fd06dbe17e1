import { expect, it } from 'vitest';
import { runCatchUps } from '../../../src/app/away';
import { holdAwayAlerts } from '../../../src/store/routing';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, movableClock, replicaHandles } from '../../helpers/jobs-context';

// The catch-up step run by several replicas at once (the digest minute on each): every person
// gets one "While you were away" message, and it lists every alert held for them, not the
// part one replica happened to claim. On real Postgres each replica has its own pool.

const PEOPLE = 20;
const ALERTS_EACH = 3;

describeEachDatabase('catch-ups across replicas', (get, kind) => {
  it(`${PEOPLE} people × ${ALERTS_EACH} held alerts, 5 concurrent runs: ${PEOPLE} messages, each complete`, async () => {
    const db = get().db;
    const until = new Date('2026-11-23T13:00:00Z');
    const held: Parameters<typeof holdAwayAlerts>[1] = [];
    for (let a = 0; a < ALERTS_EACH; a++) {
      for (let p = 0; p < PEOPLE; p++) {
        // One open alert per account and rule: an account per alert.
        const account = await insertAccount(db, {
          external_id: `held-${a}-${p}`,
          name: `Held ${a}-${p}`,
        });
        const alert = await db
          .insertInto('alerts')
          .values({
            account_id: account,
            rule: 'inactivity',
            summary: `held ${a} for ${p}`,
            fired_at: new Date('2026-11-23T10:00:00Z'),
            condition_key: `p${p}`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        held.push({ platform: 'slack', userId: `U${p}`, alertId: alert.id, awayUntil: until });
      }
    }
    await holdAwayAlerts(db, held, new Date('2026-11-23T10:00:00Z'));
    const replicas = await replicaHandles(get(), kind, 3);
    try {
      const clock = movableClock('2026-11-23T13:00:00Z');
      const runs = await Promise.all(
        Array.from({ length: 5 }, (_, i) => runCatchUps(jobsContext(replicas.dbs[i % 3]!, clock))),
      );
      expect(runs.reduce((n, r) => n + r.alerts, 0)).toBe(PEOPLE * ALERTS_EACH);
      const messages = await db
        .selectFrom('outbox')
        .select(['channel_id', 'payload'])
        .where('kind', '=', 'catch-up')
        .execute();
      expect(messages).toHaveLength(PEOPLE);
      for (const m of messages) {
        expect(JSON.stringify(m.payload), m.channel_id).toContain(
          `While you were away: ${ALERTS_EACH} alerts`,
        );
      }
    } finally {
      await replicas.close();
    }
  });
});
