/**
 * State kept in memory for one database handle (a cache, a memo): two apps in one process
 * (tests, benches) each get their own, and it goes with the handle.
 */
export function perDatabase<T>(make: () => T): (db: object) => T {
  const byDb = new WeakMap<object, T>();
  return (db) => {
    let value = byDb.get(db);
    if (value === undefined) {
      value = make();
      byDb.set(db, value);
    }
    return value;
  };
}
