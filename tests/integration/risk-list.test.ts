import { beforeEach, expect, it } from 'vitest';
import { atRisk } from '../../src/app/account-lists';
import { renderText } from '../../src/cards/text';
import { describeEachDatabase, truncateAll } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

describeEachDatabase('/risk', (get) => {
  beforeEach(async () => {
    await truncateAll(get());
  });

  it('lists the riskiest first (band, then score) and names an alert state only when not open', async () => {
    const db = get().db;
    const account = async (
      name: string,
      score: number,
      band: 'red' | 'yellow',
      alerts: string[],
    ) => {
      const id = await insertAccount(db, { external_id: name, name });
      await db
        .insertInto('health_snapshots')
        .values({
          account_id: id,
          day: '2026-11-23',
          score,
          band,
          measures: '[]',
          drivers: '[]',
          onboarding: false,
        })
        .execute();
      for (const [i, status] of alerts.entries()) {
        await db
          .insertInto('alerts')
          .values({
            account_id: id,
            rule: `rule_${i}`,
            status: status as 'open' | 'acknowledged',
            summary: `${name} alert ${i}`,
            fired_at: new Date('2026-11-23T09:00:00Z'),
          })
          .execute();
      }
    };
    await account('Yellow Busy', 65, 'yellow', ['open', 'open', 'acknowledged']);
    await account('Red Quiet', 30, 'red', []);
    await account('Red Worst', 12, 'red', ['open']);
    await account('Yellow Low', 41, 'yellow', ['open']);
    const text = renderText(await atRisk(testContext(get())));
    const order = ['Red Worst', 'Red Quiet', 'Yellow Low', 'Yellow Busy'].map((n) =>
      text.indexOf(n),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Red Worst alert 0');
    expect(text).not.toContain('(open)');
    expect(text).toContain('Yellow Busy alert 2 (acknowledged)');
  });
});
