// Both drivers parse values the same way, so store code sees one shape whichever runs:
// ids and counts (int8) and money (numeric) as numbers, `date` columns as 'YYYY-MM-DD'
// strings (pg would turn them into local-midnight Dates, which shift across time zones).
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export const valueParsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: (v) => Number(v),
  [OID.numeric]: (v) => Number(v),
  [OID.date]: (v) => v,
};
