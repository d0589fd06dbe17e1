import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FAILED_TEXT, failureReply, UNAVAILABLE_TEXT } from '../../src/app/chat-commands';
import { openDatabase } from '../../src/db/database';
import { isDatabaseOutage } from '../../src/db/errors';
import { databaseKinds, freshDatabase } from '../helpers/database';

// "Tend cannot reach its database" is said only when that is true: the errors here are the
// real ones each database gives, not hand-made ones.

const caught = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
};
const text = (error: unknown) => JSON.stringify(failureReply(error));

for (const kind of databaseKinds()) {
  describe(`database errors: a data error is not an outage [${kind}]`, () => {
    it('a NUL byte in text is a data error; a closed database is an outage', async () => {
      const handle = await freshDatabase(kind);
      const nul = await caught(() =>
        handle.db
          .insertInto('follow_ups')
          .values({ account_id: 1, title: 'a\u0000b', created_by: 'x' })
          .execute(),
      );
      expect(isDatabaseOutage(nul)).toBe(false);
      expect(text(nul)).toContain(FAILED_TEXT);
      expect(text(nul)).not.toContain('cannot reach its database');
      const missing = await caught(() => sql`select * from no_such_table`.execute(handle.db));
      expect(isDatabaseOutage(missing)).toBe(false);
      await handle.close();
      const closed = await caught(() => sql`select 1`.execute(handle.db));
      expect(isDatabaseOutage(closed)).toBe(true);
      expect(text(closed)).toContain(UNAVAILABLE_TEXT);
    });
  });
}

describe('database errors: nothing listening is an outage', () => {
  it('a refused connection is an outage', async () => {
    const error = await caught(() =>
      openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' }),
    );
    expect(isDatabaseOutage(error)).toBe(true);
  });
});
