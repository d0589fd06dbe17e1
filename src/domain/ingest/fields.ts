import { z } from 'zod';
import { isIsoDay } from '../dates';
import { unstorableText } from '../text-input';

// Field types shared by every entity. One schema serves JSON (typed values) and CSV (strings),
// so numbers also accept their plain decimal spelling and an empty string means "no value".

/** Postgres `integer` columns: larger counts are surely a unit or export mistake. */
export const MAX_COUNT = 2_147_483_647;
/** `numeric(14,2)`. */
export const MAX_MONEY = 999_999_999_999.99;
/** Days outside this range are a typo (0202 for 2020, 9999 as "never"), not data. */
export const MIN_DAY = '1900-01-01';
export const MAX_DAY = '2199-12-31';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/**
 * Refuses text Postgres cannot store (a NUL byte) or that no person typed (other control
 * characters, unpaired surrogates), naming what is wrong. Data is not silently altered here:
 * the source system keeps the truth, so the row is refused and can be fixed there.
 */
export function storable<T extends z.ZodType<string | null>>(schema: T) {
  return schema.superRefine((v, ctx) => {
    const why = typeof v === 'string' ? unstorableText(v) : null;
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });
}

export const externalId = storable(
  z
    .string({ error: 'must be a non-empty string' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'longer than 200 characters'),
);

export function optionalText(max: number) {
  return z.preprocess(
    blankToNull,
    storable(
      z
        .string({ error: 'must be a string' })
        .trim()
        .max(max, `longer than ${max} characters`)
        .nullish()
        .transform((v) => v ?? null),
    ),
  );
}

const wholeNumber = z.union(
  [
    z.number({ error: 'must be a number' }),
    z
      .string()
      .trim()
      .regex(/^[-+]?\d{1,20}$/, 'must be a whole number')
      .transform(Number),
  ],
  { error: 'must be a whole number' },
);

export const count = wholeNumber.pipe(
  z
    .number()
    // Range first: 1e20 is also not a safe integer, but "too large" is the useful reason.
    .min(0, 'must not be negative')
    .max(MAX_COUNT, `must be at most ${MAX_COUNT}`)
    .int('must be a whole number'),
);

export const optionalCount = z.preprocess(
  blankToNull,
  count.nullish().transform((v) => v ?? null),
);

const decimal = z.union(
  [
    z.number({ error: 'must be a number' }),
    z
      .string()
      .trim()
      .regex(/^[-+]?\d{1,20}(\.\d{1,6})?$/, 'must be a decimal number like 1234.50')
      .transform(Number),
  ],
  { error: 'must be a number' },
);

export const optionalMoney = z.preprocess(
  blankToNull,
  decimal
    .pipe(
      z
        .number()
        .min(0, 'must not be negative')
        .max(MAX_MONEY, `must be at most ${MAX_MONEY}`)
        .transform((v) => Math.round(v * 100) / 100),
    )
    .nullish()
    .transform((v) => v ?? null),
);

export const day = z
  .string({ error: 'must be a day like 2026-11-02' })
  .trim()
  .refine(isIsoDay, 'must be a real day like 2026-11-02')
  .refine((d) => d >= MIN_DAY && d <= MAX_DAY, `must be between ${MIN_DAY} and ${MAX_DAY}`);

export const optionalDay = z.preprocess(
  blankToNull,
  day.nullish().transform((v) => v ?? null),
);

const INSTANT = /^(\d{4}-\d{2}-\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** A moment: ISO 8601 with a time zone offset, or a bare day (midnight UTC). */
export const instant = z
  .string({ error: 'must be a time like 2026-11-02T14:30:00Z' })
  .trim()
  .refine((v) => {
    const m = INSTANT.exec(v);
    return m !== null && isIsoDay(m[1] ?? '') && !Number.isNaN(Date.parse(v.replace(' ', 'T')));
  }, 'must be a time with an offset like 2026-11-02T14:30:00Z, or a day')
  .refine(
    (v) => v.slice(0, 10) >= MIN_DAY && v.slice(0, 10) <= MAX_DAY,
    `must be between ${MIN_DAY} and ${MAX_DAY}`,
  )
  .transform((v) =>
    new Date(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T')).toISOString(),
  );

export const optionalInstant = z.preprocess(
  blankToNull,
  instant.nullish().transform((v) => v ?? null),
);

export const optionalEmail = z.preprocess(
  blankToNull,
  z
    .email('must be an e-mail address')
    .max(320, 'longer than 320 characters')
    .nullish()
    .transform((v) => v?.toLowerCase() ?? null),
);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(values, { error: `must be one of ${values.join(', ')}` }),
  );
}
