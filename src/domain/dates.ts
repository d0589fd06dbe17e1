// Days are ISO `YYYY-MM-DD` strings, always read as UTC calendar days: the health model
// works in whole days, and UTC keeps the arithmetic free of DST jumps.

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Parsed days, remembered: a health recompute asks for the same few hundred days hundreds of
// thousands of times, and the checked parse below costs a regex and two Date round trips.
const known = new Map<string, number | null>();
const KNOWN_MAX = 10_000;

/** Days since 1970-01-01 for a valid ISO day, or null when the string is not a real day. */
function toEpochDay(day: string): number | null {
  const hit = known.get(day);
  if (hit !== undefined) return hit;
  const n = checkedEpochDay(day);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(day, n);
  return n;
}

function checkedEpochDay(day: string): number | null {
  const m = ISO_DAY.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches that.
  if (formatEpochDay(ms / DAY_MS) !== day) return null;
  return ms / DAY_MS;
}

function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDay(day: string): boolean {
  return toEpochDay(day) !== null;
}

/** Whole days since 1970-01-01; throws on anything but a real `YYYY-MM-DD` day. */
export function parseDay(day: string): number {
  const n = toEpochDay(day);
  if (n === null) throw new RangeError(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  return n;
}

/** Inverse of parseDay. */
export function formatDay(epochDay: number): string {
  if (!Number.isInteger(epochDay)) throw new RangeError(`not a whole day: ${epochDay}`);
  return formatEpochDay(epochDay);
}

export function addDays(day: string, n: number): string {
  return formatDay(parseDay(day) + n);
}

/** `to − from` in whole days: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return parseDay(to) - parseDay(from);
}

/**
 * Short human day, e.g. '2 Nov', as used in drivers and cards; given `today`, a day in
 * another year says its year ('1 Jan 2020'), so an old or far date is not mistaken for this
 * year's.
 */
export function shortDay(day: string, today?: string): string {
  parseDay(day);
  const [y, mo, d] = day.split('-');
  const year = today && today.slice(0, 4) !== y ? ` ${y}` : '';
  return `${Number(d)} ${MONTHS[Number(mo) - 1]}${year}`;
}

export function isoDayFromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
