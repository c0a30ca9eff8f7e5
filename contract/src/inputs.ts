import { z } from 'zod';

/**
 * Input primitives every route's schema shares, bounded to what Elasticsearch stores without
 * complaint, so that anything it could refuse is refused here first, as a 400 naming the
 * field, before a single line is written.
 */

/** Elasticsearch `integer` fields. */
export const MAX_INT32 = 2_147_483_647;
/** Filterable columns stored as Elasticsearch integers (backend/src/es/indices.ts mappings). */
export const INTEGER_COLUMNS: readonly string[] = ['deployment_version'];

/**
 * The largest response time accepted, in ms (about 3.2 years), stored to the microsecond:
 * Elasticsearch's HDR percentiles fail when the largest and smallest non-zero values of a
 * selection are more than about 1e15 apart; these bounds keep them within 1e14.
 */
export const MAX_RESPONSE_TIME_MS = 100_000_000_000;
export const responseTimeMs = z
  .number()
  .min(0)
  .max(MAX_RESPONSE_TIME_MS, `at most ${MAX_RESPONSE_TIME_MS} ms`)
  .transform((ms) => Math.round(ms * 1000) / 1000);

/** The dates any route accepts: 1970-01-01 to 9999-12-31 (four-digit years), UTC. */
const MIN_MS = 0;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const DATE_HINT = 'an ISO-8601 date-time with an offset (2026-05-01T10:00:00Z) or epoch milliseconds';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})))?$/;

const inRange = (ms: number) => Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;

/**
 * The one date parser of the service: strict ISO-8601 (no 31 November, no hour 24, an offset
 * within ±18:00 as Elasticsearch allows; a bare date is midnight UTC) or epoch milliseconds.
 * Returns null for anything else, or outside 1970–9999.
 */
export function parseDate(value: string | number, opts: { dateOnly?: boolean } = {}): Date | null {
  if (typeof value === 'number') {
    return inRange(value) ? new Date(Math.floor(value)) : null;
  }
  if (/^\d{1,16}$/.test(value)) {
    return parseDate(Number(value));
  }
  const m = ISO.exec(value);
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hasTime = m[4] !== undefined;
  if (!hasTime && !opts.dateOnly) {
    return null;
  }
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [oh, om] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || om > 59 || oh * 60 + om > 18 * 60) {
    return null;
  }
  const base = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  base.setUTCFullYear(y);
  if (base.getUTCDate() !== d) {
    return null;
  }
  const offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  const t = base.getTime() - offset;
  return inRange(t) ? new Date(t) : null;
}

const digitsAt = (s: string, at: number, n: number) => {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      return -1;
    }
    v = v * 10 + d;
  }
  return v;
};
const daysIn = (y: number, mo: number) =>
  mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;

/**
 * Is `value` already what `parseDate(value).toISOString()` gives (`2026-05-01T10:00:00.000Z`,
 * as most programs stamp their lines)? Checked digit by digit: building two Dates per line
 * was most of what validating a log batch cost.
 */
function isCanonicalIso(value: string): boolean {
  if (value.length !== 24 || value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':') {
    return false;
  }
  if (value[16] !== ':' || value[19] !== '.' || value[23] !== 'Z' || digitsAt(value, 20, 3) < 0) {
    return false;
  }
  const [y, mo, d] = [digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2)];
  const [h, mi, s] = [digitsAt(value, 11, 2), digitsAt(value, 14, 2), digitsAt(value, 17, 2)];
  return (
    y >= 1970 &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysIn(y, mo) &&
    h >= 0 &&
    h <= 23 &&
    mi >= 0 &&
    mi <= 59 &&
    s >= 0 &&
    s <= 59
  );
}

/** An accepted date as ISO-8601 in UTC, or null where parseDate refuses it. */
export function isoOf(value: string | number): string | null {
  if (typeof value === 'string' && isCanonicalIso(value)) {
    return value;
  }
  return parseDate(value)?.toISOString() ?? null;
}

const dateIssue = (ctx: z.RefinementCtx) => {
  ctx.addIssue({ code: 'custom', message: `expected ${DATE_HINT}, between 1970 and 9999` });
  return z.NEVER;
};

/** An event time in a body: ISO-8601 with an offset, answered in UTC. */
export const isoDateTime = z.string().transform((v, ctx) => isoOf(v) ?? dateIssue(ctx));

/** An event time that may also be epoch milliseconds (log lines), answered as ISO in UTC. */
export const eventTime = z.union([z.string(), z.number()]).transform((v, ctx) => isoOf(v) ?? dateIssue(ctx));

/** A query bound: ISO-8601 (a bare date is midnight UTC) or epoch milliseconds. */
export const strictInstant = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => parseDate(v, { dateOnly: true }) ?? dateIssue(ctx));

/** Free JSON stored as is (input, output, attributes): at most this deep. */
export const MAX_JSON_DEPTH = 100;

/** Depth of a JSON value, counted without recursion so no nesting can overflow the stack. */
export function depthOf(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) {
      continue;
    }
    max = Math.max(max, depth);
    if (max > limit) {
      return max;
    }
    for (const child of Object.values(v)) {
      stack.push([child, depth + 1]);
    }
  }
  return max;
}

/** Any JSON value up to MAX_JSON_DEPTH levels of objects and arrays. */
export const storedJson = z.unknown().superRefine((v, ctx) => {
  if (depthOf(v, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    ctx.addIssue({ code: 'custom', message: `nested more than ${MAX_JSON_DEPTH} levels deep` });
  }
});
