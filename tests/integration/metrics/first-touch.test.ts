import { expect, it } from 'vitest';
import { applyAlertAction } from '../../../src/app/alert-actions';
import { runEscalateJob } from '../../../src/app/alert-escalation';
import { teamMetrics } from '../../../src/app/team-metrics';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { withSettings } from '../../helpers/jobs-fixtures';

// Time to first touch is the first action a person took on a new alert (issue 14, README
// "/stats"): Tend escalating an alert nobody acted on is not a touch, however early it comes.
describeEachDatabase("time to first touch counts people's actions, not Tend's own", (get) => {
  it('skips the escalation and counts the acknowledgement after it', async () => {
    const db = get().db;
    const clock = movableClock('2026-11-20T00:00:00Z');
    const ctx = withSettings(jobsContext(db, clock), {
      alerts: { escalateAfterHours: 24, escalationChannel: 'CESC' },
    });
    const accountId = await insertAccount(db, { external_id: 'ft', name: 'First Touch' });
    const { id } = await db
      .insertInto('alerts')
      .values({
        account_id: accountId,
        rule: 'inactivity',
        summary: 'quiet',
        fired_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const touch = async () =>
      (await teamMetrics(ctx, { kind: 'team' }, '7d')).current.alerts.firstTouchMedianHours;

    clock.advance(25 * 3_600_000);
    expect(await runEscalateJob(ctx)).toMatchObject({ escalated: 1 });
    expect(await touch()).toBeNull();

    clock.advance(5 * 3_600_000);
    const person = { id: 'U0ANN', name: '@ann', platform: 'slack' };
    expect((await applyAlertAction(ctx, id, { kind: 'ack' }, person, 'ft-ack')).changed).toBe(true);
    expect(await touch()).toBe(30);
  });
});
