import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';

// alerts.first_event_at (migration 0140) is what /stats reads as an alert's first touch: it
// must equal min(alert_events.at) however events are added, moved or deleted.
describeEachDatabase('an alert keeps the time of its first event', (get) => {
  const t = (hour: number) => new Date(Date.UTC(2026, 10, 20, hour));

  it('follows inserts, updates and deletes of its events', async () => {
    const db = get().db;
    const accountId = await insertAccount(db, { external_id: 'fe', name: 'First Event' });
    const alert = async (rule: string) =>
      (
        await db
          .insertInto('alerts')
          .values({ account_id: accountId, rule, summary: rule, fired_at: t(0) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const a = await alert('one');
    const b = await alert('two');
    const event = async (alertId: number, at: Date) =>
      (
        await db
          .insertInto('alert_events')
          .values({ alert_id: alertId, action: 'snooze', actor: 'U1', platform: 'slack', at })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = async (alertId: number) => {
      const row = await db
        .selectFrom('alerts')
        .select('first_event_at')
        .where('id', '=', alertId)
        .executeTakeFirstOrThrow();
      const { min } = await db
        .selectFrom('alert_events')
        .select((eb) => eb.fn.min('at').as('min'))
        .where('alert_id', '=', alertId)
        .executeTakeFirstOrThrow();
      // The kept value is always the events' minimum.
      expect(row.first_event_at?.getTime() ?? null).toBe(min ? new Date(min).getTime() : null);
      return row.first_event_at?.toISOString() ?? null;
    };

    expect(await first(a)).toBeNull();
    const e5 = await event(a, t(5));
    expect(await first(a)).toBe(t(5).toISOString());
    const e2 = await event(a, t(2));
    await event(a, t(8));
    expect(await first(a)).toBe(t(2).toISOString());

    // The earliest moved later, then deleted: the next one takes over.
    await db
      .updateTable('alert_events')
      .set({ at: t(9) })
      .where('id', '=', e2)
      .execute();
    expect(await first(a)).toBe(t(5).toISOString());
    await db.deleteFrom('alert_events').where('id', '=', e5).execute();
    expect(await first(a)).toBe(t(8).toISOString());

    // An event moved to another alert counts there and no longer here.
    await db
      .updateTable('alert_events')
      .set({ alert_id: b, at: t(1) })
      .where('id', '=', e2)
      .execute();
    expect(await first(a)).toBe(t(8).toISOString());
    expect(await first(b)).toBe(t(1).toISOString());

    // Many events in one statement (an erase or a bulk write).
    await sql`insert into alert_events (alert_id, action, actor, platform, at)
      values (${a}, 'ack', 'U1', 'slack', ${t(3)}), (${b}, 'ack', 'U1', 'slack', ${t(4)}),
        (${a}, 'ack', 'U1', 'slack', ${t(7)})`.execute(db);
    expect(await first(a)).toBe(t(3).toISOString());
    expect(await first(b)).toBe(t(1).toISOString());
    await db.deleteFrom('alert_events').where('alert_id', '=', a).execute();
    expect(await first(a)).toBeNull();

    // Deleting an alert deletes its events by cascade without tripping the trigger.
    await db.deleteFrom('alerts').where('id', '=', b).execute();
    expect(
      await db.selectFrom('alert_events').select('id').where('alert_id', '=', b).execute(),
    ).toEqual([]);
  });
});
