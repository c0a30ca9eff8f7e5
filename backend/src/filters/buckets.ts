import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { ApiError } from '../http/errors';
import { parse } from '../http/validate';

/**
 * Time zones as Elasticsearch takes them: an offset within ±18:00, or a zone name, which
 * Elasticsearch itself judges (Java knows its own time-zone data and spelling: it is
 * case-sensitive and has no `EST`), its refusal answered as a 400 on `query.tz`.
 */
function isTimeZone(tz: string): boolean {
  const offset = /^[+-](\d{2}):(\d{2})$/.exec(tz);
  if (offset) {
    return Number(offset[2]) < 60 && Number(offset[1]) * 60 + Number(offset[2]) <= 18 * 60;
  }
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz);
}

const TZ_HINT = 'a time zone like Europe/Paris (spelt exactly) or UTC, or an offset within ±18:00 like +02:00';

/** What Elasticsearch refusing a valid-looking zone name becomes. */
export const timeZoneRefused = () =>
  new ApiError(400, 'invalid_request', 'invalid query', [
    { path: 'query.tz', message: `unknown time zone; ${TZ_HINT}` },
  ]);

const INTERVAL = /^[1-9]\d{0,3}[mhd]$/;
const bucketsQuery = z.object({
  interval: z.string().regex(INTERVAL, 'like 5m, 1h or 1d').optional(),
  tz: z.string().max(64).refine(isTimeZone, TZ_HINT).default('UTC'),
});
const MAX_BUCKETS = 2000;
const MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Hourly buckets up to a day, daily beyond (SPEC); a given interval must not explode the bucket count. */
function bucketInterval(from: Date, to: Date, given?: string): string {
  const span = to.getTime() - from.getTime();
  const interval = given ?? (span <= MS.d ? '1h' : '1d');
  const ms = Number(interval.slice(0, -1)) * MS[interval.slice(-1) as keyof typeof MS];
  if (span / ms > MAX_BUCKETS) {
    throw new ApiError(400, 'invalid_request', 'invalid query', [
      { path: 'query.interval', message: `more than ${MAX_BUCKETS} buckets over this range; choose a longer interval` },
    ]);
  }
  return interval;
}

/** The bucket interval and time zone of a time series request, validated. */
export function bucketsOf(range: { from: Date; to: Date }, query: unknown): { interval: string; tz: string } {
  const q = parse(bucketsQuery, query, 'query');
  return { interval: bucketInterval(range.from, range.to, q.interval), tz: q.tz };
}

/** A date histogram over the range, empty buckets included. */
export function histogram(
  field: string,
  range: { from: Date; to: Date },
  interval: string,
  timeZone: string
): estypes.AggregationsDateHistogramAggregation {
  return {
    field,
    min_doc_count: 0,
    time_zone: timeZone,
    extended_bounds: { min: range.from.getTime(), max: range.to.getTime() },
    // Calendar days follow the time zone's midnight; other intervals are fixed lengths.
    ...(interval === '1d' ? { calendar_interval: 'day' as const } : { fixed_interval: interval }),
  };
}
