import { expect, it } from 'vitest';
import { runPlaybookJob, startManually } from '../../../src/app/playbooks';
import { fixedClock } from '../../../src/clock';
import type { DB } from '../../../src/db/schema';
import type { Playbook } from '../../../src/domain/playbooks/model';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, replicaHandles } from '../../helpers/jobs-context';

const RED_RESCUE: Playbook = {
  name: 'red-rescue',
  version: 1,
  title: 'Red rescue',
  trigger: { type: 'band_change', to: 'red' },
  steps: [
    { title: 'Call the sponsor', owner: 'account_owner', dueDays: 0 },
    { title: 'Manager review', owner: 'manager', dueDays: 3, when: { tier: ['gold'] } },
  ],
};

/** 30 accounts: 10 new, 10 renewing in 100 days, 10 turning red today; and 10 quiet ones. */
async function seed(db: DB): Promise<void> {
  const snapshot = (account_id: number, day: string, band: 'yellow' | 'red') => ({
    account_id,
    day,
    score: band === 'red' ? 30 : 55,
    band,
    measures: '[]',
    drivers: '[]',
    onboarding: false,
  });
  for (let i = 0; i < 40; i++) {
    const kind = ['new', 'renewal', 'red', 'quiet'][Math.floor(i / 10)]!;
    const id = await insertAccount(db, {
      external_id: `a${i}`,
      name: `Account ${i}`,
      owner_email: 'ann@tend.test',
      contract_start: kind === 'new' ? '2026-03-25' : '2024-01-01',
      renewal_date: kind === 'renewal' ? '2026-07-07' : '2027-12-01',
    });
    await db
      .updateTable('accounts')
      .set({ slack_channel: `C${i}`, tier: i % 2 === 0 ? 'gold' : 'silver' })
      .where('id', '=', id)
      .execute();
    if (kind === 'red' || kind === 'quiet') {
      await db
        .insertInto('health_snapshots')
        .values([
          snapshot(id, '2026-03-28', 'yellow'),
          snapshot(id, '2026-03-29', kind === 'red' ? 'red' : 'yellow'),
        ])
        .execute();
    }
  }
}

// Berlin moves to summer time at 02:00 on 29 March 2026; the job runs at 00:30 local that
// night (28 March in UTC), on three replicas at once (real connections on Postgres), twice.
describeEachDatabase('the playbook job', (get, kind) => {
  it('starts each occurrence once across replicas, dated in the team calendar', async () => {
    await seed(get().db);
    const replicas = await replicaHandles(get(), kind, 3);
    try {
      const ctxs = replicas.dbs.map((db) => {
        const c = jobsContext(db, fixedClock('2026-03-28T23:30:00Z'));
        c.config.settings.timezone = 'Europe/Berlin';
        c.config.settings.managers = ['boss@tend.test'];
        c.config.settings.playbooks = [...c.config.settings.playbooks, RED_RESCUE];
        return c;
      });
      for (let round = 0; round < 2; round++) {
        const runs = await Promise.all(ctxs.map((c) => runPlaybookJob(c)));
        expect(runs.every((r) => r.day === '2026-03-29')).toBe(true);
        if (round === 0) expect(runs.reduce((n, r) => n + r.started, 0)).toBe(30);
        else expect(runs.reduce((n, r) => n + r.started, 0)).toBe(0);
      }
      const db = get().db;
      const runs = await db
        .selectFrom('playbook_runs')
        .select(['playbook', 'occurrence'])
        .execute();
      const count = (p: string) => runs.filter((r) => r.playbook === p).length;
      expect([count('onboarding'), count('renewal'), count('red-rescue')]).toEqual([10, 10, 10]);
      // One checklist card per run, to the account's channel.
      const posts = await db
        .selectFrom('outbox')
        .select('channel_id')
        .where('kind', '=', 'playbook')
        .execute();
      expect(posts).toHaveLength(30);

      // Onboarding counts from the local day (29 March), not the UTC one (28 March).
      const onboarding = await db
        .selectFrom('playbook_steps as s')
        .innerJoin('playbook_runs as r', 'r.id', 's.run_id')
        .select(['s.position', 's.due_on'])
        .where('r.playbook', '=', 'onboarding')
        .where('s.position', '=', 2)
        .execute();
      expect(new Set(onboarding.map((s) => s.due_on))).toEqual(new Set(['2026-04-05']));
      // Renewal on 7 July: steps 120/90/60/30 days before it.
      const renewal = await db
        .selectFrom('playbook_steps as s')
        .innerJoin('playbook_runs as r', 'r.id', 's.run_id')
        .select(['s.due_on'])
        .where('r.playbook', '=', 'renewal')
        .where(
          'r.account_id',
          '=',
          (
            await db
              .selectFrom('accounts')
              .select('id')
              .where('external_id', '=', 'a10')
              .executeTakeFirstOrThrow()
          ).id,
        )
        .orderBy('s.position')
        .execute();
      expect(renewal.map((s) => s.due_on)).toEqual([
        '2026-03-09',
        '2026-04-08',
        '2026-05-08',
        '2026-06-07',
      ]);
      // The manager step only for gold accounts, owned by the first manager.
      const red = await db
        .selectFrom('playbook_steps as s')
        .innerJoin('playbook_runs as r', 'r.id', 's.run_id')
        .select(['s.title', 's.owner_email'])
        .where('r.playbook', '=', 'red-rescue')
        .execute();
      expect(red.filter((s) => s.title === 'Manager review')).toHaveLength(5);
      expect(
        new Set(red.filter((s) => s.title === 'Manager review').map((s) => s.owner_email)),
      ).toEqual(new Set(['boss@tend.test']));

      // Editing the settings never changes a running playbook; a new start takes the new version.
      const edited = ctxs[0]!;
      edited.config.settings.playbooks = edited.config.settings.playbooks.map((p) =>
        p.name === 'onboarding'
          ? {
              ...p,
              version: 2,
              steps: [{ title: 'Kickoff v2', owner: 'account_owner', dueDays: 1 }],
            }
          : p,
      );
      expect((await runPlaybookJob(edited)).started).toBe(0);
      const old = await db
        .selectFrom('playbook_steps as s')
        .innerJoin('playbook_runs as r', 'r.id', 's.run_id')
        .select(['r.version', 's.title'])
        .where('r.playbook', '=', 'onboarding')
        .execute();
      expect(old).toHaveLength(50);
      expect(new Set(old.map((s) => s.version))).toEqual(new Set([1]));
      const quiet = (
        await db
          .selectFrom('accounts')
          .select('id')
          .where('external_id', '=', 'a35')
          .executeTakeFirstOrThrow()
      ).id;
      const manual = await startManually(edited, quiet, 'onboarding', 'ann@tend.test', 'test:1');
      const again = await startManually(edited, quiet, 'onboarding', 'ann@tend.test', 'test:1');
      expect([manual.started, again.started]).toEqual([true, false]);
      expect(JSON.stringify(manual.card)).toContain('Kickoff v2');
      expect(JSON.stringify(manual.card)).toContain('playbook version 2');
    } finally {
      await replicas.close();
    }
  });
});
